package shop.reliability;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import shop.launcher.EdgeRouter;
import shop.launcher.LaunchSettings;
import shop.launcher.MailSink;
import shop.reliability.harness.Case;
import shop.reliability.harness.RawHttp;
import shop.reliability.harness.Report;
import shop.reliability.harness.Suite;
import shop.reliability.harness.Svc;
import shop.reliability.harness.Verdict;
import shop.testing.Await;
import shop.testing.process.Ports;
import shop.testing.process.Repo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static shop.reliability.harness.Suite.shop;
import static shop.reliability.harness.Suite.shopping;

/**
 * T24: the edge, both of them: nginx with the shipped frontend/nginx.conf (compose), and the
 * launcher's edge router (one JVM) deployed here in front of the same service processes.
 */
@ExtendWith(Suite.class)
@Order(7)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class EdgeTest {

  private static final String EVIL_ORIGIN = "https://evil.example";
  private static final List<String> SECURITY_HEADERS = List.of("Content-Security-Policy", "X-Content-Type-Options",
    "X-Frame-Options", "Referrer-Policy");
  private static final Pattern SENSITIVE = Pattern.compile("root:x:0:0|\\[core]|server_name|<project|# HELP|# TYPE"
    + "|Exception|\\tat shop\\.|nginx/\\d");
  /** The internal reservations route (and the metrics) in every spelling an attacker tries. */
  private static final List<String> INTERNAL = List.of("/api/reservations", "/api/reservations/1",
    "/api/reservations/1/commit", "/api/Reservations", "/api/RESERVATIONS", "/api//reservations", "/api/./reservations",
    "/api/products/../reservations", "/api/products/%2e%2e/reservations", "/api/products/%2E%2E/reservations",
    "/api/products%2f..%2freservations", "/api/products%2F..%2Freservations", "/api/products/..%2freservations",
    "/api/%72eservations", "/api/reservations%2f1", "/api/products;/../reservations", "/api/reservations;x=1",
    "/api/products/..;/reservations", "/api/health/../reservations", "/api/users/..%2f..%2freservations",
    "/api/products/%252e%252e/reservations", "/api/products\\..\\reservations", "/api/products/../../reservations",
    "/api/metrics", "/api/products/../metrics", "/api/products/..%2fmetrics", "/api/products%2f..%2fmetrics",
    "/api/health/product/../../metrics");
  private static final List<String> TRAVERSAL = List.of("/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
    "/..%2f..%2fetc%2fpasswd", "/api/../../etc/passwd", "/nginx.conf", "/README.md", "/.git/config",
    "/index.html%00.js", "/%2e%2e%2f%2e%2e%2fpom.xml", "/..\\..\\pom.xml", "/static/../../../pom.xml");

  private static Vertx vertx;
  private static MailSink mailSink;
  private static int launcherEdge;

  @BeforeAll
  static void bothEdges() {
    vertx = Vertx.vertx();
    mailSink = MailSink.start(Ports.free());
    JsonObject env = new JsonObject().put("EDGE_PORT", 0).put("SECRET_KEY", shop().env("SECRET_KEY"))
      .put("SHOP_FRONTEND_DIR", Repo.FRONTEND.toString());
    for (Svc s : Svc.values()) {
      env.put(s.name() + "_PORT", shop().port(s));
    }
    EdgeRouter edge = new EdgeRouter(LaunchSettings.from(env), mailSink);
    Await.result(vertx.deployVerticle(edge, new DeploymentOptions().setConfig(env)));
    launcherEdge = edge.port();
  }

  @AfterAll
  static void stop() {
    Await.result(vertx.close());
    mailSink.close();
  }

  @Test
  @Case("T24")
  @DisplayName("T24: edge headers, traversal, internal routes in every spelling, CORS: no leaks, odd spellings refused at the edge")
  void theEdgeLeaksNothing() {
    String token = shopping().customer("t24").token();
    Verdict v = Report.of("T24");
    Map<String, Integer> edges = new LinkedHashMap<>();
    edges.put("nginx", shop().edgePort());
    edges.put("launcher", launcherEdge);
    edges.forEach((name, port) -> check(v, name, port, token));
    v.conclude();
  }

  private static void check(Verdict v, String edge, int port, String token) {
    List<String> reached = new ArrayList<>();
    List<String> notRefused = new ArrayList<>();
    for (String target : INTERNAL) {
      for (String method : List.of("GET", "POST")) {
        RawHttp.Response r = request(port, method, target, "Authorization: Bearer " + token + "\r\n");
        if (r.status() == 401 || r.status() == 403 || r.header("WWW-Authenticate") != null
          || SENSITIVE.matcher(r.body()).find() || r.body().contains("service role")) {
          reached.add(method + " " + target + " -> " + r.status());
        } else if (r.status() != 400 && r.status() != 404 && r.status() != 405) {
          notRefused.add(method + " " + target + " -> " + r.status());
        }
      }
    }
    List<String> traversal = new ArrayList<>();
    for (String target : TRAVERSAL) {
      RawHttp.Response r = request(port, "GET", target, "");
      if (SENSITIVE.matcher(r.body()).find() || r.status() == 200 && !r.body().contains("<html")) {
        traversal.add(target + " -> " + r.status());
      }
    }
    List<String> headers = new ArrayList<>();
    for (String target : List.of("/", "/api/products", "/api/no-such-route", "/api/products/abc", "/api/orders/1")) {
      RawHttp.Response r = request(port, "GET", target, "");
      SECURITY_HEADERS.stream().filter(h -> r.header(h) == null).forEach(h -> headers.add(target + " lacks " + h));
      if (r.header("X-Powered-By") != null || r.header("Server") != null && r.header("Server").matches(".*\\d.*")) {
        headers.add(target + " names its software version: " + r.header("Server") + " " + r.header("X-Powered-By"));
      }
      if (r.header("X-Request-Id") == null) {
        headers.add(target + " has no X-Request-Id");
      }
    }
    RawHttp.Response injected = request(port, "GET", "/api/products", "X-Request-Id: " + "x".repeat(300) + "\r\n");
    if (("x".repeat(300)).equals(injected.header("X-Request-Id"))) {
      headers.add("an insane X-Request-Id is echoed");
    }
    List<String> cors = new ArrayList<>();
    RawHttp.Response preflight = request(port, "OPTIONS", "/api/orders", "Origin: " + EVIL_ORIGIN
      + "\r\nAccess-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: authorization\r\n");
    RawHttp.Response simple = request(port, "GET", "/api/products", "Origin: " + EVIL_ORIGIN + "\r\n");
    for (RawHttp.Response r : List.of(preflight, simple)) {
      String allow = r.header("Access-Control-Allow-Origin");
      if (EVIL_ORIGIN.equals(allow) || "*".equals(allow) && "true".equals(r.header("Access-Control-Allow-Credentials"))) {
        cors.add("allows " + EVIL_ORIGIN + ": " + allow);
      }
    }

    v.metric(edge + "_reached_internal", reached.size()).metric(edge + "_not_refused", notRefused.size())
      .metric(edge + "_traversal", traversal.size()).metric(edge + "_header_problems", headers.size())
      .metric(edge + "_cors", cors.size())
      .require(edge + ": no spelling of an internal route reaches a service: " + reached, reached.isEmpty())
      .require(edge + ": odd spellings refused at the edge (400/404): " + notRefused, notRefused.isEmpty())
      .require(edge + ": no traversal reaches a file: " + traversal, traversal.isEmpty())
      .require(edge + ": security headers on every answer, no versions: " + headers, headers.isEmpty())
      .require(edge + ": no foreign origin allowed: " + cors, cors.isEmpty());
  }

  private static RawHttp.Response request(int port, String method, String target, String headers) {
    if (method.equals("POST")) {
      return RawHttp.json("127.0.0.1", port, "POST", target, headers, "{\"order_id\":1,\"items\":[]}");
    }
    return RawHttp.send("127.0.0.1", port, method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
      + headers + "Connection: close\r\n\r\n", java.time.Duration.ofSeconds(10));
  }
}
