package shop.common.outbox;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import shop.common.auth.Auth;
import shop.common.config.ServiceUrl;
import shop.common.db.Database;
import shop.common.db.DbConfig;
import shop.common.delivery.ClaimTable;
import shop.common.delivery.Outcome;
import shop.common.delivery.Settled;
import shop.testing.Await;
import shop.testing.FreshDatabase;
import shop.testing.TestKey;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Group commit of the relay's bookkeeping: a group settles as its rows one by one would, in a few statements. */
@ExtendWith(VertxExtension.class)
class OutboxSettleTest {

  @RegisterExtension
  static final FreshDatabase DB = new FreshDatabase();

  private Pool pool;
  private ClaimTable<OutboxRow> table;
  private OutboxLedger ledger;

  @BeforeEach
  void setUp(Vertx vertx) {
    // one connection, so that its session counters count the ledger's statements and nothing else's
    DbConfig db = DbConfig.from(DB.anotherAddress("settle").config().put("DB_POOL_SIZE", 1), "test");
    Await.result(Outbox.migrate(vertx, db));
    pool = Database.pool(vertx, db);
    Await.result(pool.query("DELETE FROM outbox").execute());
    Await.result(pool.query("DELETE FROM outbox_attempts").execute());
    table = OutboxRow.table(vertx, pool);
    ledger = new OutboxLedger(vertx, pool, table, "relay-1", "test-service", new SimpleMeterRegistry());
  }

  @AfterEach
  void tearDown() {
    Await.result(pool.close());
  }


  private List<Settled<OutboxRow>> outcomes(String prefix, List<String> claims) {
    List<OutboxRow> rows = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      String event = prefix + "-" + i;
      Await.result(pool.withTransaction(tx -> Outbox.enqueue(tx, OutboxMessage.post(event, "notification", "/n",
        new JsonObject().put("event_id", event)))));
      long id = Await.result(pool.preparedQuery("SELECT id FROM outbox WHERE event_id = ?").execute(Tuple.of(event)))
        .iterator().next().getLong(0);
      List<OutboxRow> claimed = Await.result(table.claimOne(id, "only-" + event, 30_000));
      assertEquals(1, claimed.size());
      rows.add(claimed.get(0));
      // then held by one of the group's claims, as a round's rows are
      Await.result(pool.preparedQuery("UPDATE outbox SET claimed_by = ? WHERE id = ?")
        .execute(Tuple.of(claims.get(i % claims.size()), id)));
    }
    // the last row's claim was taken over by another instance: nobody else may settle it
    Await.result(pool.preparedQuery("UPDATE outbox SET claimed_by = 'someone-else' WHERE id = ?")
      .execute(Tuple.of(rows.get(6).id())));
    List<Settled<OutboxRow>> out = new ArrayList<>();
    String[] held = new String[7];
    for (int i = 0; i < 7; i++) {
      held[i] = claims.get(i % claims.size());
    }
    out.add(new Settled<>(held[0], rows.get(0), new Outcome.Delivered("delivered", 200), false, 0));
    out.add(new Settled<>(held[1], rows.get(1), new Outcome.Delivered("delivered", 202), false, 0));
    out.add(new Settled<>(held[2], rows.get(2), new Outcome.Failed("HTTP 503", 503, false), false, 5_000));
    out.add(new Settled<>(held[3], rows.get(3), new Outcome.Failed("ConnectException: refused", null, false), false,
      60_000));
    out.add(new Settled<>(held[4], rows.get(4), new Outcome.Failed("rejected with HTTP 409", 409, true), true, 0));
    out.add(new Settled<>(held[5], rows.get(5), new Outcome.Postponed("circuit open", 2_000), false, 2_000));
    out.add(new Settled<>(held[6], rows.get(6), new Outcome.Delivered("delivered", 200), false, 0));
    return out;
  }

  /** Each row's state, with its next attempt as whole seconds from now, and its attempt history. */
  private List<String> state(String prefix) {
    List<String> out = new ArrayList<>();
    for (Row r : Await.result(pool.preparedQuery("SELECT event_id, status, attempts, last_status, last_error, "
      + "claimed_by, claim_until IS NULL, delivered_at IS NULL, "
      + "ROUND(TIMESTAMPDIFF(MICROSECOND, UTC_TIMESTAMP(3), next_attempt_at) / 1000000), "
      + "(SELECT GROUP_CONCAT(CONCAT_WS('/', relay, status_code, error) ORDER BY a.id) FROM outbox_attempts a "
      + "WHERE a.outbox_id = outbox.id) FROM outbox WHERE event_id LIKE ? ORDER BY id").execute(Tuple.of(prefix + "-%")))) {
      List<Object> cols = new ArrayList<>();
      for (int i = 0; i < r.size(); i++) {
        cols.add(r.getValue(i));
      }
      cols.set(0, r.getString(0).substring(prefix.length()));
      if (r.getString(5) != null && !r.getString(5).equals("someone-else")) {
        cols.set(5, "still claimed by us");
      }
      out.add(cols.toString());
    }
    return out;
  }

  private long status(String name) {
    return Long.parseLong(Await.result(pool.query("SHOW SESSION STATUS LIKE '" + name + "'").execute()).iterator().next().getString(1));
  }

  @Test
  @DisplayName("a group of mixed outcomes over two claims ends as settling its rows one by one does, in 4 statements")
  void groupSettlesAsOneByOne() {
    List<Settled<OutboxRow>> single = outcomes("one", List.of("claim-a"));
    for (Settled<OutboxRow> s : single) {
      Await.result(ledger.settle(List.of(s)));
    }
    List<Settled<OutboxRow>> group = outcomes("group", List.of("claim-b", "claim-c"));
    long updates = status("Com_update");
    long inserts = status("Com_insert");
    Await.result(ledger.settle(group));
    // one INSERT of the attempts, one UPDATE per kind: final (200, 202, 409), retry (503, none), postponed
    assertEquals(1, status("Com_insert") - inserts);
    assertEquals(3, status("Com_update") - updates);

    List<String> expected = state("one");
    assertEquals(expected, state("group"));
    assertTrue(expected.get(0).startsWith("[-0, delivered, 1, 200, null, null, 1, 0"), expected.get(0));
    assertTrue(expected.get(2).contains("pending, 1, 503, HTTP 503, null, 1, 1, 5,"), expected.get(2));
    assertTrue(expected.get(4).contains("rejected, 1, 409"), expected.get(4));
    assertTrue(expected.get(5).contains("pending, 0, null, circuit open"), expected.get(5));
    assertTrue(expected.get(6).contains("pending, 0, null, null, someone-else, 0, 1"), expected.get(6));
  }

  @Test
  @DisplayName("a group settle that fails leaves its rows claimed; once the claim runs out they are delivered again")
  void failedGroupSettleIsRedelivered(Vertx vertx) throws Exception {
    Await.result(pool.query("CREATE TABLE IF NOT EXISTS settle_switch (failing BOOLEAN NOT NULL)").execute());
    Await.result(pool.query("DELETE FROM settle_switch").execute());
    Await.result(pool.query("INSERT INTO settle_switch VALUES (TRUE)").execute());
    Await.result(pool.query("DROP TRIGGER IF EXISTS outbox_settle_fails").execute());
    Await.result(pool.query("CREATE TRIGGER outbox_settle_fails BEFORE UPDATE ON outbox FOR EACH ROW "
      + "IF NEW.status = 'delivered' AND (SELECT failing FROM settle_switch) THEN "
      + "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'settle refused by the test'; END IF").execute());
    try {
      Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
      Router r = Router.router(vertx);
      r.route().handler(BodyHandler.create());
      r.post("/notifications").handler(ctx -> {
        received.computeIfAbsent(ctx.body().asJsonObject().getString("event_id"), k -> new AtomicInteger())
          .incrementAndGet();
        ctx.response().setStatusCode(202).end("{}");
      });
      HttpServer server = Await.result(vertx.createHttpServer().requestHandler(r).listen(0));
      for (int i = 0; i < 6; i++) {
        String event = "evt-" + i;
        Await.result(pool.withTransaction(tx -> Outbox.enqueue(tx, OutboxMessage.post(event, "notification",
          "/notifications", new JsonObject().put("event_id", event)))));
      }
      Auth auth = Auth.create(vertx, new TestKey().config());
      RelayOptions options = new RelayOptions(50, 20, 2_000, 20, 300, 3, 200, 1_500);
      Map<String, ServiceUrl> to = Map.of("notification", new ServiceUrl("127.0.0.1", server.actualPort(), false));

      OutboxRelay first = new OutboxRelay(vertx, pool, auth, "test-service", to, options, new SimpleMeterRegistry())
        .start();
      Await.until("all six sent once", 20, () -> received.size() == 6);
      // the instance stops while its settle keeps failing: the marks never land
      Await.result(first.stop());
      assertEquals(6, count("SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND claimed_by IS NOT NULL"));

      Await.result(pool.query("UPDATE settle_switch SET failing = FALSE").execute());
      OutboxRelay second = new OutboxRelay(vertx, pool, auth, "test-service", to, options, new SimpleMeterRegistry())
        .start();
      try {
        Await.until("all six delivered", 20, () -> count("SELECT COUNT(*) FROM outbox WHERE status = 'delivered'") == 6);
      } finally {
        Await.result(second.stop());
        Await.result(server.close());
      }
      for (int i = 0; i < 6; i++) {
        assertEquals(2, received.get("evt-" + i).get(), "evt-" + i + " went out again, once");
      }
      assertEquals(0, count("SELECT COUNT(*) FROM outbox WHERE claimed_by IS NOT NULL"));
      assertEquals(6, count("SELECT COUNT(*) FROM outbox WHERE attempts = 1"));
    } finally {
      Await.result(pool.query("DROP TRIGGER IF EXISTS outbox_settle_fails").execute());
    }
  }

  private long count(String sql) {
    return Await.result(pool.query(sql).execute()).iterator().next().getLong(0);
  }
}
