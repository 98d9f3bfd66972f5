package shop.common.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shop.common.http.Http;
import shop.common.http.Ops;
import shop.testing.Api;
import shop.testing.Await;
import shop.testing.FreshDatabase;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A database that stops answering (connections open, nothing comes back) between the pool and
 * the server: requests answer 503 with {@code Retry-After} within the bound, {@code /health} turns
 * 503, a transaction cut off midway leaves nothing, and service returns once the server answers.
 */
@ExtendWith(VertxExtension.class)
class FrozenDatabaseTest {

  private static final Logger LOG = LoggerFactory.getLogger(FrozenDatabaseTest.class);

  @RegisterExtension
  static final FreshDatabase DB = new FreshDatabase();

  /** The shipped default: what a request on a frozen database may cost, plus a loaded machine's margin. */
  static final long BOUND_MS = DbConfig.DEFAULT_TIMEOUT_MS;
  static final long MARGIN_MS = 2_500;

  FreezingProxy proxy;
  Pool direct;
  Api api;

  @BeforeEach
  void start(Vertx vertx) {
    DbConfig db = DbConfig.from(DB.config(), "test");
    direct = Database.pool(vertx, db);
    Await.result(direct.query("CREATE TABLE IF NOT EXISTS things (id BIGINT AUTO_INCREMENT PRIMARY KEY, "
      + "name VARCHAR(50) NOT NULL) ENGINE=InnoDB").execute());
    proxy = FreezingProxy.start(vertx, db.host(), db.port());
    // the shipped bound, not the test harness's longer one
    Pool pool = Database.pool(vertx, db.at("127.0.0.1", proxy.port()).withTimeout(DbConfig.DEFAULT_TIMEOUT_MS));
    Router router = Http.router(vertx);
    Ops.mount(router, vertx, pool, "openapi/test.json", null);
    router.get("/things").handler(ctx -> Http.reply(ctx, 200, pool.query("SELECT COUNT(*) FROM things").execute()
      .map(rows -> new JsonObject().put("count", rows.iterator().next().getLong(0)))));
    // two rows in one transaction; "freeze_between" freezes the database after the first
    router.post("/things").handler(ctx -> {
      JsonObject body = Http.bodyObject(ctx);
      Http.reply(ctx, 201, Database.inTransaction(vertx, pool, tx ->
        tx.preparedQuery("INSERT INTO things (name) VALUES (?)").execute(Tuple.of(body.getString("name") + "-1"))
          .compose(v -> {
            if (body.getBoolean("freeze_between", false)) {
              proxy.freeze();
            }
            return tx.preparedQuery("INSERT INTO things (name) VALUES (?)").execute(Tuple.of(body.getString("name") + "-2"));
          })
          .map(v -> new JsonObject().put("ok", true))));
    });
    HttpServer server = Await.result(vertx.createHttpServer().requestHandler(router).listen(0));
    api = new Api(vertx, server.actualPort());
  }

  @AfterEach
  void stop() {
    proxy.thaw();
    proxy.close();
  }

  private record Timed(Api.Reply reply, long millis) {
  }

  private static Future<Timed> timed(Future<Api.Reply> call) {
    long t0 = System.nanoTime();
    return call.map(r -> new Timed(r, (System.nanoTime() - t0) / 1_000_000));
  }

  /** Whether the row could be changed now: false while another session holds its lock (the pool's read timer gives up). */
  private boolean updated(long id, String name) {
    try {
      return Await.result(direct.preparedQuery("UPDATE things SET name = ? WHERE id = ?").execute(Tuple.of(name + "-1", id)),
        10).rowCount() == 1;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private long rows(String name) {
    return Await.result(direct.preparedQuery("SELECT COUNT(*) FROM things WHERE name LIKE ?")
      .execute(Tuple.of(name + "-%"))).iterator().next().getLong(0);
  }

  @Test
  void requestsOnAFrozenDatabaseAnswer503WithinTheBoundAndServiceReturnsWhenItAnswers() {
    assertEquals(200, api.get("/things").status());
    assertEquals(201, api.post("/things", null, new JsonObject().put("name", "warm")).status());

    proxy.freeze();
    // more requests than the pool has connections, reads and writes, all at once
    List<Future<Timed>> calls = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      calls.add(timed(i % 2 == 0
        ? api.send(HttpMethod.GET, "/things", null, null, null)
        : api.send(HttpMethod.POST, "/things", null, new JsonObject().put("name", "frozen" + i), null)));
    }
    Await.result(Future.join(new ArrayList<>(calls)));
    long slowest = 0;
    for (Future<Timed> f : calls) {
      Timed t = f.result();
      assertEquals(503, t.reply().status(), t.reply().toString());
      assertEquals("service_unavailable", t.reply().code());
      assertNotNull(t.reply().header("Retry-After"));
      slowest = Math.max(slowest, t.millis());
    }
    assertTrue(slowest <= BOUND_MS + MARGIN_MS, "slowest request on the frozen database took " + slowest + " ms");

    // health says so within a few seconds, and later requests are bounded alike
    Timed health = Await.result(timed(api.send(HttpMethod.GET, "/health", null, null, null)));
    assertEquals(503, health.reply().status(), health.reply().toString());
    assertEquals("DOWN", health.reply().json().getString("status"));
    assertTrue(health.millis() <= BOUND_MS + MARGIN_MS, "/health took " + health.millis() + " ms");
    Timed later = Await.result(timed(api.send(HttpMethod.GET, "/things", null, null, null)));
    assertEquals(503, later.reply().status());
    assertTrue(later.millis() <= BOUND_MS + MARGIN_MS, "a later request took " + later.millis() + " ms");

    proxy.thaw();
    long thawedAt = System.nanoTime();
    Await.until("service is back", 15, () -> api.get("/things").status() == 200);
    long recoveryMs = (System.nanoTime() - thawedAt) / 1_000_000;
    Await.until("/health is back", 15, () -> api.get("/health").status() == 200);
    assertTrue(recoveryMs <= 5_000, "service came back " + recoveryMs + " ms after the database answered");
    LOG.info("frozen database: slowest of 20 requests {} ms, /health 503 in {} ms, a later request {} ms; "
      + "back {} ms after the thaw", slowest, health.millis(), later.millis(), recoveryMs);
  }

  @Test
  void aTransactionCutOffByTheFreezeLeavesNothingWritten() {
    Timed cut = Await.result(timed(api.send(HttpMethod.POST, "/things", null,
      new JsonObject().put("name", "halfway").put("freeze_between", true), null)));
    assertEquals(503, cut.reply().status(), cut.reply().toString());
    assertTrue(cut.millis() <= BOUND_MS + MARGIN_MS, "the cut-off transaction took " + cut.millis() + " ms");
    proxy.thaw();
    Await.until("service is back", 15, () -> api.get("/things").status() == 200);
    // the server saw the connection go and rolled back: no transaction of this database is left open
    Await.until("no open transaction", 10, () -> Await.result(direct.preparedQuery("SELECT COUNT(*) FROM "
      + "information_schema.INNODB_TRX t JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id "
      + "WHERE p.DB = ?").execute(Tuple.of(DB.address().database()))).iterator().next().getLong(0) == 0);
    assertEquals(0, rows("halfway"), "the first row of the cut-off transaction was rolled back");
    assertEquals(201, api.post("/things", null, new JsonObject().put("name", "after")).status());
    assertEquals(2, rows("after"));
  }

  @Test
  void aSessionLostInAPartitionIsEndedByTheServerAndItsLocksReleased(Vertx vertx) {
    long id = Await.result(direct.preparedQuery("INSERT INTO things (name) VALUES (?)").execute(Tuple.of("locked-0")))
      .property(io.vertx.mysqlclient.MySQLClient.LAST_INSERTED_ID);
    Pool pool = Database.pool(vertx, DbConfig.from(DB.config(), "test").at("127.0.0.1", proxy.port())
      .withTimeout(DbConfig.DEFAULT_TIMEOUT_MS));
    assertEquals(6, Await.result(pool.query("SELECT @@SESSION.wait_timeout").execute()).iterator().next().getInteger(0),
      "the server waits twice DB_TIMEOUT_MS for a silent client");
    // a transaction takes the row's lock; then the partition swallows its connection, close and all
    Future<Object> cut = Database.inTransaction(vertx, pool, tx -> tx
      .preparedQuery("UPDATE things SET name = ? WHERE id = ?").execute(Tuple.of("locked-1", id))
      .compose(v -> {
        proxy.partition();
        return tx.query("SELECT 1").execute();
      }).map(v -> null));
    assertNotNull(Await.failure(cut), "the statement after the partition failed on the client's read timer");
    // the server ends the forgotten session on its own: its lock goes, the row can be changed again
    Await.until("the forgotten session's lock released", 20, () -> updated(id, "unlocked"));
    assertEquals(1, rows("unlocked"));
  }
}
