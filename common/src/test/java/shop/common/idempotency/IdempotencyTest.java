package shop.common.idempotency;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import shop.common.db.Database;
import shop.common.db.DbConfig;
import shop.common.http.Http;
import shop.common.http.Reply;
import shop.testing.Api;
import shop.testing.Await;
import shop.testing.FreshDatabase;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class IdempotencyTest {

  @RegisterExtension
  static final FreshDatabase DB = new FreshDatabase();

  static final AtomicInteger RUNS = new AtomicInteger();
  static Api api;

  @BeforeAll
  static void start(Vertx vertx) {
    DbConfig db = DbConfig.from(DB.config(), "test");
    Await.result(Idempotency.migrate(vertx, db));
    Pool pool = Database.pool(vertx, db);
    Idempotency idem = new Idempotency(pool);
    Router router = Http.router(vertx);
    router.post("/things").handler(ctx -> {
      JsonObject body = Http.bodyObject(ctx);
      Http.reply(ctx, idem.run(ctx.request().getHeader(Idempotency.HEADER), "things", 7, body, () -> {
        int n = RUNS.incrementAndGet();
        if (body.getBoolean("fail", false)) {
          return Future.failedFuture(new IllegalStateException("boom"));
        }
        return vertx.timer(200).map(v -> Reply.of(201, new JsonObject().put("run", n)));
      }));
    });
    HttpServer server = Await.result(vertx.createHttpServer().requestHandler(router).listen(0));
    api = new Api(vertx, server.actualPort());
  }

  private static Api.Reply post(String key, JsonObject body) {
    return Await.result(api.send(HttpMethod.POST, "/things", null, body,
      key == null ? null : MultiMap.caseInsensitiveMultiMap().add("Idempotency-Key", key)));
  }

  @Test
  void sameKeyAndBodyReplaysTheFirstResponse() {
    Api.Reply first = post("k1", new JsonObject().put("a", 1));
    assertEquals(201, first.status());
    int runsAfterFirst = RUNS.get();
    for (int i = 0; i < 5; i++) {
      Api.Reply again = post("k1", new JsonObject().put("a", 1));
      assertEquals(201, again.status());
      assertEquals(first.json(), again.json());
      assertEquals("true", again.header("Idempotent-Replayed"));
    }
    assertEquals(runsAfterFirst, RUNS.get());
  }

  @Test
  void sameKeyOtherBodyIs422() {
    assertEquals(201, post("k2", new JsonObject().put("a", 1)).status());
    Api.Reply other = post("k2", new JsonObject().put("a", 2));
    assertEquals(422, other.status());
    assertEquals("idempotency_key_reused", other.code());
  }

  private static Api.Reply postRaw(String key, String json) {
    return Await.result(api.send(HttpMethod.POST, "/things", null, io.vertx.core.buffer.Buffer.buffer(json),
      MultiMap.caseInsensitiveMultiMap().add("Idempotency-Key", key).add("Content-Type", "application/json")));
  }

  @Test
  void theSameRequestWrittenAnotherWayIsAReplay() {
    Api.Reply first = postRaw("k5", "{\"a\":1,\"b\":{\"x\":\"y\",\"n\":[1,2.50]},\"c\":null}");
    assertEquals(201, first.status(), first.toString());
    int runs = RUNS.get();
    for (String same : new String[] {
      "{\"c\":null,\"b\":{\"n\":[1,2.50],\"x\":\"y\"},\"a\":1}",
      " {\n  \"b\" : { \"x\" : \"y\", \"n\" : [ 1.0, 2.5 ] },\n  \"a\" : 1, \"c\" : null\n} "}) {
      Api.Reply again = postRaw("k5", same);
      assertEquals(201, again.status(), same + " -> " + again);
      assertEquals("true", again.header("Idempotent-Replayed"), same);
      assertEquals(first.json(), again.json());
    }
    assertEquals(runs, RUNS.get(), "a replay runs nothing");
    // order inside an array and the values themselves still count
    assertEquals(422, postRaw("k5", "{\"a\":1,\"b\":{\"x\":\"y\",\"n\":[2.5,1]},\"c\":null}").status());
    assertEquals(422, postRaw("k5", "{\"a\":\"1\",\"b\":{\"x\":\"y\",\"n\":[1,2.5]},\"c\":null}").status());
    assertEquals(422, postRaw("k5", "{\"a\":1,\"b\":{\"x\":\"y\",\"n\":[1,2.5]}}").status());
  }

  @Test
  void concurrentSameKeyRunsOnceOthersReplayOr409() {
    int before = RUNS.get();
    List<Future<Api.Reply>> all = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      all.add(api.send(HttpMethod.POST, "/things", null, new JsonObject().put("a", 3),
        MultiMap.caseInsensitiveMultiMap().add("Idempotency-Key", "k3")));
    }
    Await.result(Future.join(new ArrayList<>(all)));
    assertEquals(before + 1, RUNS.get());
    for (Future<Api.Reply> f : all) {
      int s = f.result().status();
      assertTrue(s == 201 || s == 409, "status " + s);
    }
  }

  @Test
  void serverFailureFreesTheKey() {
    Api.Reply failed = post("k4", new JsonObject().put("fail", true));
    assertEquals(500, failed.status());
    // the key is freed behind the answer: a retry finds it in flight (409) for a moment at most, then runs again
    int before = RUNS.get();
    Await.until("the key freed for a retry", 10, () -> {
      Api.Reply retried = post("k4", new JsonObject().put("fail", true));
      assertTrue(retried.status() == 500 || "idempotency_in_flight".equals(retried.code()), retried.toString());
      assertTrue(retried.header("Idempotent-Replayed") == null);
      return retried.status() == 500;
    });
    assertEquals(before + 1, RUNS.get(), "the retry ran the work again");
  }

  @Test
  void noKeyJustRuns() {
    int before = RUNS.get();
    post(null, new JsonObject());
    post(null, new JsonObject());
    assertEquals(before + 2, RUNS.get());
  }

  @Test
  void overlongKeyIs400() {
    assertEquals(400, post("x".repeat(256), new JsonObject()).status());
  }
}
