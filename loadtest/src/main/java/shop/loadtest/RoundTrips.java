package shop.loadtest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HTTP requests each service received, from its Prometheus {@code /metrics}
 * ({@code vertx_http_server_requests_total}, every route but {@code /metrics} itself). Taken before
 * and after a phase, minus the requests wrk sent, divided by the phase's requests: the round trips
 * one request causes between the services (the relays' calls included).
 */
final class RoundTrips {

  private static final String COUNTER = "vertx_http_server_requests_total";

  private final Map<String, String> metricsUrls;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** {@code services}: name → base URL. */
  RoundTrips(Map<String, String> services) {
    this.metricsUrls = new LinkedHashMap<>();
    services.forEach((name, url) -> metricsUrls.put(name, url + "/metrics"));
  }

  /** Requests received so far, per service (-1 when its metrics cannot be read). */
  Map<String, Long> snapshot() {
    Map<String, Long> out = new LinkedHashMap<>();
    metricsUrls.forEach((name, url) -> out.put(name, received(url)));
    return out;
  }

  private long received(String url) {
    try {
      HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
        .build(), HttpResponse.BodyHandlers.ofString());
      return resp.statusCode() == 200 ? sum(resp.body()) : -1;
    } catch (Exception e) {
      return -1;
    }
  }

  /** The counter summed over its series (method, route, code), leaving out the scrapes themselves. */
  static long sum(String exposition) {
    double total = 0;
    for (String line : exposition.split("\n")) {
      if (line.startsWith(COUNTER) && !line.contains("route=\"/metrics\"")) {
        total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return Math.round(total);
  }

  /** Requests each service received between two snapshots; absent where either could not be read. */
  static Map<String, Long> since(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> out = new LinkedHashMap<>();
    after.forEach((name, n) -> {
      Long b = before.get(name);
      if (b != null && b >= 0 && n >= 0) {
        out.put(name, n - b);
      }
    });
    return out;
  }
}
