package shop.common.delivery;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import shop.common.db.Database;
import shop.common.db.DbConfig;
import shop.common.outbox.Outbox;
import shop.common.outbox.OutboxMessage;
import shop.testing.Await;
import shop.testing.ShopDatabase;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The claim rule over a real table (the outbox): one holder per row, only the holder releases, no sort. */
@ExtendWith(VertxExtension.class)
class ClaimTableTest {

  /** 1..900, on MariaDB and MySQL alike (MySQL stops a recursive CTE at 1000 levels). */
  private static final String ROWS = "WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 900)";

  @RegisterExtension
  static final ShopDatabase DB = new ShopDatabase();

  /** Just the engine's view of a row. */
  record Row1(long id, int attempts) implements Deliverable {
  }

  private Pool pool;
  private ClaimTable<Row1> table;

  @BeforeEach
  void setUp(Vertx vertx) {
    DbConfig db = DB.another("claims");
    Await.result(Outbox.migrate(vertx, db));
    pool = Database.pool(vertx, db);
    table = new ClaimTable<>(vertx, pool, "outbox", "id, attempts", r -> new Row1(r.getLong("id"), r.getInteger("attempts")));
    for (int i = 0; i < 10; i++) {
      OutboxMessage m = OutboxMessage.post("claim-" + i, "d", "/x", new JsonObject());
      Await.result(Outbox.enqueue(pool, m));
    }
  }

  @AfterEach
  void tearDown() {
    Await.result(pool.close());
  }

  @Test
  @DisplayName("the claim walks the due index and sorts nothing (a sort made every claim cost the whole backlog)")
  void theClaimWalksTheDueIndex() {
    // mostly delivered rows, as an outbox looks after a while (on a table all due, the primary key is as good)
    Await.result(pool.query("INSERT INTO outbox (event_id, destination, method, path, body, status, attempts, "
      + "next_attempt_at, created_at) " + ROWS + " SELECT CONCAT('done-', n), 'd', 'POST', '/x', '{}', 'delivered', 1, "
      + "UTC_TIMESTAMP(3), UTC_TIMESTAMP(3) FROM seq").execute());
    Await.result(pool.query("ANALYZE TABLE outbox").execute());
    JsonObject plan = Await.result(table.claimPlan());
    assertEquals("outbox_due", plan.getString("key"), plan.encode());
    assertFalse(String.valueOf(plan.getString("Extra")).contains("filesort"), plan.encode());
  }

  @Test
  @DisplayName("two claims never share a row; only the holder releases, renews, or may claim it again")
  void oneHolderPerRow() {
    List<Row1> first = Await.result(table.claimDue("first", 60_000, 6));
    List<Row1> second = Await.result(table.claimDue("second", 60_000, 6));
    assertEquals(6, first.size());
    assertEquals(4, second.size());
    Set<Long> ids = new HashSet<>();
    first.forEach(r -> ids.add(r.id()));
    second.forEach(r -> assertTrue(ids.add(r.id()), "row " + r.id() + " claimed twice"));
    assertEquals(0, Await.result(table.claimDue("third", 60_000, 6)).size());
    assertEquals(0, Await.result(table.claimOne(first.get(0).id(), "third", 60_000)).size());

    List<Long> firstIds = first.stream().map(Row1::id).toList();
    assertEquals(0, Await.result(table.release("second", firstIds, "status = ?", "delivered")));
    assertEquals(6, Await.result(table.renew("first", 60_000)));
    assertEquals(6, Await.result(table.release("first", firstIds, "status = ?", "delivered")));
    assertEquals(0, Await.result(table.renew("first", 60_000)), "a released row is no longer held");
    assertEquals(4, count("SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND claimed_by = 'second'"));
  }

  @Test
  @DisplayName("a lapsed claim frees its rows; a row that is not due is not claimed")
  void aLapsedClaimFreesItsRows() {
    Await.result(table.claimDue("dead", 60_000, 10));
    Await.result(pool.query("UPDATE outbox SET claim_until = UTC_TIMESTAMP(3) - INTERVAL 1 SECOND").execute());
    Await.result(pool.query("UPDATE outbox SET next_attempt_at = UTC_TIMESTAMP(3) + INTERVAL 1 HOUR "
      + "WHERE event_id = 'claim-0'").execute());
    assertEquals(9, Await.result(table.claimDue("alive", 60_000, 50)).size());
  }

  private long count(String sql) {
    Row r = Await.result(pool.query(sql).execute()).iterator().next();
    return r.getLong(0);
  }
}
