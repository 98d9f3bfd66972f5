package shop.common.outbox;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import shop.common.auth.Auth;
import shop.common.config.ServiceUrl;
import shop.common.db.Database;
import shop.common.db.DbConfig;
import shop.testing.Await;
import shop.testing.FreshDatabase;
import shop.testing.TestKey;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class OutboxRelayTest {

  @RegisterExtension
  static final FreshDatabase DB = new FreshDatabase();

  private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
  private final List<OutboxRelay> relays = new ArrayList<>();
  private final List<HttpServer> servers = new ArrayList<>();
  private Pool pool;
  private DbConfig db;

  @BeforeEach
  void setUp(Vertx vertx) {
    db = DbConfig.from(DB.anotherAddress("outbox").config(), "test");
    Await.result(Outbox.migrate(vertx, db));
    pool = Database.pool(vertx, db);
  }

  @AfterEach
  void tearDown() {
    relays.forEach(OutboxRelay::stop);
    servers.forEach(s -> Await.result(s.close()));
    Await.result(pool.close());
  }

  private HttpServer destination(Vertx vertx, int port, int status) {
    Router r = Router.router(vertx);
    r.route().handler(BodyHandler.create());
    r.post("/notifications").handler(ctx -> {
      if (ctx.request().getHeader("Authorization") == null) {
        ctx.response().setStatusCode(401).end();
        return;
      }
      String eventId = ctx.body().asJsonObject().getString("event_id");
      if (status < 300) {
        received.computeIfAbsent(eventId, k -> new AtomicInteger()).incrementAndGet();
      }
      ctx.response().setStatusCode(status).end(new JsonObject().put("id", eventId).encode());
    });
    HttpServer s = Await.result(vertx.createHttpServer().requestHandler(r).listen(port));
    servers.add(s);
    return s;
  }

  private OutboxRelay relay(Vertx vertx, Auth auth, int port) {
    RelayOptions fast = new RelayOptions(50, 20, 2_000, 20, 300, 3, 200, 30_000);
    OutboxRelay relay = new OutboxRelay(vertx, pool, auth, "test-service",
      Map.of("notification", new ServiceUrl("127.0.0.1", port, false)), fast, new SimpleMeterRegistry());
    relays.add(relay);
    return relay;
  }

  private void enqueue(int n) {
    for (int i = 0; i < n; i++) {
      OutboxMessage m = OutboxMessage.post("evt-" + i, "notification", "/notifications",
        new JsonObject().put("event_id", "evt-" + i).put("category", "general"));
      Await.result(pool.withTransaction(tx -> Outbox.enqueue(tx, m)));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private long count(String sql) {
    return Await.result(pool.query(sql).execute()).iterator().next().getLong(0);
  }

  @Test
  void sameEventIdIsStoredOnce(Vertx vertx) {
    enqueue(3);
    enqueue(3);
    assertEquals(3, count("SELECT COUNT(*) FROM outbox"));
  }

  @Test
  void destinationDownThenUpDeliversEveryEventOnceWithTwoRelays(Vertx vertx) throws IOException {
    Auth auth = Auth.create(vertx, new TestKey().config());
    int port = freePort();
    enqueue(60);
    relay(vertx, auth, port).start();
    relay(vertx, auth, port).start();
    Await.until("failed attempts while the destination is down", 20,
      () -> count("SELECT COUNT(*) FROM outbox_attempts WHERE error IS NOT NULL") >= 3);
    assertEquals(0, count("SELECT COUNT(*) FROM outbox WHERE status = 'delivered'"));

    destination(vertx, port, 202);
    Await.until("all 60 delivered", 60, () -> count("SELECT COUNT(*) FROM outbox WHERE status = 'delivered'") == 60);
    assertEquals(60, received.size());
    received.forEach((id, n) -> assertEquals(1, n.get(), "event " + id + " delivered " + n + " times"));
    assertTrue(count("SELECT MAX(attempts) FROM outbox") >= 1);
  }

  @Test
  void aBatchIsRecordedAndMarkedRowByRow(Vertx vertx) throws IOException {
    Auth auth = Auth.create(vertx, new TestKey().config());
    int port = freePort();
    // 200 for even event numbers, 201 for odd: one batch settles rows with two status codes
    Router r = Router.router(vertx);
    r.route().handler(BodyHandler.create());
    r.post("/notifications").handler(ctx -> {
      String eventId = ctx.body().asJsonObject().getString("event_id");
      received.computeIfAbsent(eventId, k -> new AtomicInteger()).incrementAndGet();
      int n = Integer.parseInt(eventId.substring(eventId.indexOf('-') + 1));
      ctx.response().setStatusCode(n % 2 == 0 ? 200 : 201).end();
    });
    servers.add(Await.result(vertx.createHttpServer().requestHandler(r).listen(port)));
    enqueue(45);
    relay(vertx, auth, port).start();
    Await.until("all 45 delivered", 30, () -> count("SELECT COUNT(*) FROM outbox WHERE status = 'delivered'") == 45);
    assertEquals(45, received.size());
    received.forEach((id, n) -> assertEquals(1, n.get(), "event " + id + " delivered " + n + " times"));
    assertEquals(45, count("SELECT COUNT(*) FROM outbox WHERE attempts = 1 AND claimed_by IS NULL "
      + "AND delivered_at IS NOT NULL AND last_status = IF(CAST(SUBSTRING(event_id, 5) AS UNSIGNED) % 2 = 0, 200, 201)"));
    assertEquals(45, count("SELECT COUNT(DISTINCT outbox_id) FROM outbox_attempts WHERE error IS NULL"));
    assertEquals(45, count("SELECT COUNT(*) FROM outbox_attempts a JOIN outbox o ON o.id = a.outbox_id "
      + "WHERE a.status_code = o.last_status"));
  }

  @Test
  void permanentRejectionCallsTheHandlerOnceAndStops(Vertx vertx) throws IOException {
    Auth auth = Auth.create(vertx, new TestKey().config());
    int port = freePort();
    destination(vertx, port, 409);
    AtomicInteger rejected = new AtomicInteger();
    enqueue(1);
    relay(vertx, auth, port).onRejected("notification", r -> {
      assertEquals(409, r.status());
      rejected.incrementAndGet();
      return Future.succeededFuture();
    }).start();
    Await.until("rejected", 20, () -> count("SELECT COUNT(*) FROM outbox WHERE status = 'rejected'") == 1);
    assertEquals(1, rejected.get());
  }

  @Test
  void serverErrorsAreRetriedUntilTheyPass(Vertx vertx) throws IOException {
    Auth auth = Auth.create(vertx, new TestKey().config());
    int port = freePort();
    HttpServer failing = destination(vertx, port, 503);
    enqueue(5);
    relay(vertx, auth, port).start();
    Await.until("503 attempts recorded", 20,
      () -> count("SELECT COUNT(*) FROM outbox_attempts WHERE status_code = 503") >= 2);
    Await.result(failing.close());
    servers.remove(failing);
    destination(vertx, port, 200);
    Await.until("all 5 delivered", 30, () -> count("SELECT COUNT(*) FROM outbox WHERE status = 'delivered'") == 5);
    received.forEach((id, n) -> assertEquals(1, n.get()));
  }
}
