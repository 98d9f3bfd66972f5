package shop.common.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import shop.common.ServiceMain;
import shop.common.db.Database;
import shop.common.error.Conflict;
import shop.common.error.Declined;
import shop.common.error.Throttled;
import shop.common.db.DbConfig;
import shop.testing.Api;
import shop.testing.Await;
import shop.testing.FreshDatabase;

import java.io.IOException;
import java.net.ServerSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class OpsAndErrorsTest {

  @RegisterExtension
  static final FreshDatabase DB = new FreshDatabase();

  private static DbConfig db() {
    return DbConfig.from(DB.config(), "test");
  }

  private static Api serve(Vertx vertx, Pool pool) {
    return serve(vertx, pool, null);
  }

  private static Api serve(Vertx vertx, Pool pool, MeterRegistry metrics) {
    Router router = Http.router(vertx);
    Ops.mount(router, vertx, pool, "openapi/test.json", metrics);
    router.get("/boom").handler(ctx -> {
      throw new IllegalStateException("secret internal detail");
    });
    router.get("/missing").handler(ctx -> ctx.fail(ApiError.notFound("Thing 7 not found")));
    router.get("/things/:id").respond(ctx -> Future.failedFuture(new Conflict("taken", "Thing 7 is taken",
      new JsonObject().put("thing_id", 7))));
    router.put("/things/:id").handler(ctx -> ctx.fail(new Throttled("too_many_attempts", "Slow down", 42)));
    router.delete("/things/:id").respond(ctx -> Future.failedFuture(new Declined("card_declined", "Payment declined",
      new JsonObject().put("payment_id", "PAY_1"))));
    HttpServer server = Await.result(vertx.createHttpServer().requestHandler(router).listen(0));
    return new Api(vertx, server.actualPort());
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void healthIs200WithTheDatabaseAnd503WithoutIt(Vertx vertx) throws IOException {
    Api up = serve(vertx, Database.pool(vertx, db()));
    Api.Reply ok = up.get("/health");
    assertEquals(200, ok.status(), ok.toString());
    assertEquals("UP", ok.json().getString("status"));

    DbConfig nowhere = new DbConfig("127.0.0.1", closedPort(), "root", "", "none", 2, 8, 1);
    Api down = serve(vertx, Database.pool(vertx, nowhere));
    Api.Reply ko = down.get("/health");
    assertEquals(503, ko.status(), ko.toString());
    assertEquals("DOWN", ko.json().getString("status"));
    assertEquals(200, down.get("/health/live").status());
  }

  @Test
  void errorsAreJsonAndNeverLeakInternals(Vertx vertx) {
    Api api = serve(vertx, Database.pool(vertx, db()));
    Api.Reply boom = api.get("/boom");
    assertEquals(500, boom.status());
    assertEquals("internal_error", boom.code());
    assertFalse(boom.body().toString().contains("secret"));
    Api.Reply missing = api.get("/missing");
    assertEquals(404, missing.status());
    assertEquals(new JsonObject().put("error", "Thing 7 not found").put("code", "not_found"), missing.json());
    Api.Reply wrongMethod = api.delete("/health/live", null);
    assertEquals(405, wrongMethod.status());
    assertEquals("method_not_allowed", wrongMethod.code());
    assertEquals(200, api.get("/openapi.json").status());
  }

  @Test
  void domainFailuresGetTheirStatusAndBodyFromTheOneHandler(Vertx vertx) {
    Api api = serve(vertx, null);
    Api.Reply conflict = api.get("/things/7");
    assertEquals(409, conflict.status());
    assertEquals(new JsonObject().put("error", "Thing 7 is taken").put("code", "taken").put("thing_id", 7),
      conflict.json());
    Api.Reply throttled = api.put("/things/7", null, null);
    assertEquals(429, throttled.status());
    assertEquals("42", throttled.header("Retry-After"));
    assertEquals(42, throttled.json().getInteger("retry_after"));
    Api.Reply declined = api.delete("/things/7", null);
    assertEquals(402, declined.status());
    assertEquals("card_declined", declined.code());
    assertEquals("PAY_1", declined.json().getString("payment_id"));
  }

  @Test
  void aWrongMethodIsToldTheMethodsOfThatRoute(Vertx vertx) {
    Api api = serve(vertx, null);
    Api.Reply live = api.delete("/health/live", null);
    assertEquals(405, live.status());
    assertEquals("GET", live.header("Allow"));
    Api.Reply thing = api.post("/things/7", null, new JsonObject());
    assertEquals(405, thing.status());
    assertEquals("DELETE, GET, PUT", thing.header("Allow"));
  }

  @Test
  void anOverloadedPoolAnswers503AtOnce(Vertx vertx) {
    DbConfig tiny = new DbConfig(db().host(), db().port(), db().user(), db().password(), db().database(), 1, 1, 1);
    Pool pool = Database.pool(vertx, tiny);
    Router router = Http.router(vertx);
    router.get("/slow").handler(ctx -> Http.reply(ctx, 200,
      pool.query("SELECT SLEEP(0.5)").execute().map(rows -> new JsonObject().put("ok", true))));
    HttpServer server = Await.result(vertx.createHttpServer().requestHandler(router).listen(0));
    Api api = new Api(vertx, server.actualPort());
    java.util.List<io.vertx.core.Future<Api.Reply>> all = new java.util.ArrayList<>();
    long t0 = System.nanoTime();
    for (int i = 0; i < 8; i++) {
      all.add(api.send(io.vertx.core.http.HttpMethod.GET, "/slow", null, null, null));
    }
    Await.result(io.vertx.core.Future.join(new java.util.ArrayList<>(all)));
    long ok = all.stream().filter(f -> f.result().status() == 200).count();
    java.util.List<Api.Reply> busy = all.stream().map(io.vertx.core.Future::result).filter(r -> r.status() == 503).toList();
    assertTrue(ok >= 1, "the request holding the connection succeeds");
    assertTrue(busy.size() >= 5, "beyond one running and one waiting, requests are turned away: " + busy.size());
    busy.forEach(r -> assertEquals("service_unavailable", r.code()));
  }

  @Test
  void metricsArePrometheusWhenEnabled() {
    PrometheusMeterRegistry registry = ServiceMain.registry();
    Vertx withMetrics = ServiceMain.vertx(registry);
    try {
      Api api = serve(withMetrics, Database.pool(withMetrics, db()), registry);
      api.get("/health/live");
      Api.Reply metrics = api.get("/metrics");
      assertEquals(200, metrics.status());
      String text = metrics.body().toString();
      assertTrue(text.contains("vertx_http_server_requests_total"), text);
      assertTrue(text.matches("(?s).*vertx_http_server_requests_total\\{[^}]*route=\"/health/live\".*"),
        "requests are counted per route: " + text);
      assertTrue(text.matches("(?s).*vertx_http_server_response_time_seconds_bucket\\{[^}]*le=\"0\\.05\".*"),
        "latencies have histogram buckets for percentiles: " + text);
    } finally {
      Await.result(withMetrics.close());
    }
  }
}
