package shop.launcher;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.WebClient;
import shop.common.http.Http;
import shop.common.http.RequestId;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code GET /api/health}: every service's own {@code /health}, asked in parallel with a short timeout. */
final class HealthReport {

  static final long TIMEOUT_MS = 2_000;

  private final WebClient client;
  private final String host;
  private final Map<String, Integer> servicePorts;
  private final MailSink mail;

  HealthReport(WebClient client, String host, Map<String, Integer> servicePorts, MailSink mail) {
    this.client = client;
    this.host = host;
    this.servicePorts = Map.copyOf(servicePorts);
    this.mail = mail;
  }

  void handle(RoutingContext ctx) {
    check(RequestId.of(ctx)).onSuccess(report -> {
      ctx.response().putHeader("Cache-Control", "no-store");
      Http.json(ctx, "UP".equals(report.getString("status")) ? 200 : 503, report);
    }).onFailure(ctx::fail);
  }

  /** {"status":"UP"|"DOWN","services":{name:{"status","port"}},"mail":{...}}. */
  Future<JsonObject> check(String requestId) {
    List<String> names = new ArrayList<>(servicePorts.keySet());
    names.sort(null);
    List<Future<JsonObject>> checks = new ArrayList<>();
    for (String name : names) {
      checks.add(one(servicePorts.get(name), requestId));
    }
    return Future.join(checks).transform(ignored -> {
      JsonObject services = new JsonObject();
      boolean up = true;
      for (int i = 0; i < names.size(); i++) {
        JsonObject r = checks.get(i).result();
        services.put(names.get(i), r);
        up &= "UP".equals(r.getString("status"));
      }
      JsonObject report = new JsonObject().put("status", up ? "UP" : "DOWN").put("services", services);
      if (mail != null) {
        report.put("mail", new JsonObject().put("status", "UP").put("smtp_port", mail.port()));
      }
      return Future.succeededFuture(report);
    });
  }

  private Future<JsonObject> one(int port, String requestId) {
    JsonObject base = new JsonObject().put("port", port);
    return client.get(port, host, "/health")
      .putHeader(RequestId.HEADER, requestId)
      .timeout(TIMEOUT_MS)
      .send()
      .map(resp -> base.put("status", resp.statusCode() == 200 ? "UP" : "DOWN").put("http_status", resp.statusCode()))
      .otherwise(err -> base.put("status", "DOWN").put("error", err instanceof java.net.ConnectException
        ? "not reachable" : err.getClass().getSimpleName()));
  }
}
