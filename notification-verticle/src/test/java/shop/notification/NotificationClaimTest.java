package shop.notification;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import shop.common.db.DbConfig;
import shop.testing.Api;
import shop.testing.Await;
import shop.testing.ShopDatabase;
import shop.testing.TestSecrets;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 item 7: claims are short and renewed. A killed instance's row waits only for its short
 * claim, then goes out once; a sent row never goes out again; a send slower than the claim keeps
 * its claim, so a second instance never sends it too.
 */
@ExtendWith(VertxExtension.class)
class NotificationClaimTest {

  @RegisterExtension
  static final ShopDatabase DB = new ShopDatabase();

  static final long CLAIM_MS = 1_000;

  static TestSecrets secrets;
  static MailServer smtp;

  @BeforeAll
  static void start(Vertx vertx) {
    secrets = new TestSecrets(vertx);
    smtp = MailServer.started();
  }

  @AfterAll
  static void stop() {
    smtp.close();
  }

  private static Row row(Pool pool, long id) {
    return Await.result(pool.preparedQuery("SELECT status, attempts, sent_at, claimed_by, claim_until "
      + "FROM notifications WHERE id = ?").execute(Tuple.of(id))).iterator().next();
  }

  /** A row as an instance killed mid-send leaves it: pending (or sent), claimed by that instance for {@code claimMs}. */
  private static long leftByKilledInstance(Pool pool, String email, String status, long claimMs) {
    String sql = "INSERT INTO notifications (event_id, user_id, category, title, message, data, recipient, status, "
      + "attempts, next_attempt_at, sent_at, created_at, updated_at, claimed_by, claim_until) VALUES "
      + "(?, 7, 'general', 'Left behind', 'hello', '{}', ?, ?, 0, UTC_TIMESTAMP(3), "
      + "IF(? = 'sent', UTC_TIMESTAMP(3), NULL), UTC_TIMESTAMP(3), UTC_TIMESTAMP(3), 'killed-instance', "
      + "UTC_TIMESTAMP(3) + INTERVAL ? MICROSECOND)";
    return Await.result(pool.preparedQuery(sql).execute(Tuple.of("killed:" + email, email, status, status, claimMs * 1000)))
      .property(io.vertx.mysqlclient.MySQLClient.LAST_INSERTED_ID);
  }

  @Test
  @DisplayName("a killed instance's pending row goes out once after its short claim; a sent row never again")
  void aLapsedClaimIsSentOnceAndASentRowNever(Vertx vertx) {
    DbConfig db = DB.another("lapsed");
    TestService.deploy(vertx, TestService.config(db, secrets, smtp.port()).put("NOTIFICATION_CLAIM_MS", CLAIM_MS));
    Pool pool = TestService.pool(vertx, db);
    long orphan = leftByKilledInstance(pool, "orphan@example.com", "pending", CLAIM_MS);
    long done = leftByKilledInstance(pool, "done@example.com", "sent", -CLAIM_MS);
    LocalDateTime claimedUntil = row(pool, orphan).getLocalDateTime("claim_until");

    Await.until("the orphan sent", 30, () -> "sent".equals(row(pool, orphan).getString("status")));
    Row sent = row(pool, orphan);
    assertFalse(sent.getLocalDateTime("sent_at").isBefore(claimedUntil), "nobody sent it while the claim held");
    assertEquals(1, smtp.messagesTo("orphan@example.com").size());
    List<TestService.Attempt> attempts = TestService.attempts(pool, orphan);
    assertEquals(1, attempts.size());
    assertNotEquals("killed-instance", attempts.get(0).instance());

    // the polls that sent the orphan ran after the sent row's claim had lapsed too
    assertEquals(0, smtp.messagesTo("done@example.com").size());
    assertEquals("sent", row(pool, done).getString("status"));
    assertEquals(0, row(pool, done).getInteger("attempts"));
  }

  @Test
  @DisplayName("a send slower than the claim keeps it: two instances polling, every email exactly once")
  void aSlowSendKeepsItsClaim(Vertx vertx) {
    DbConfig db = DB.another("slow");
    SlowSmtp slow = new SlowSmtp(vertx, smtp.port(), 700);
    JsonObject conf = TestService.config(db, secrets, slow.port()).put("NOTIFICATION_CLAIM_MS", CLAIM_MS)
      .put("SMTP_TIMEOUT_MS", 20_000).put("NOTIFICATION_POLL_MS", 50);
    Api first = TestService.deploy(vertx, conf);
    TestService.deploy(vertx, conf);
    Pool pool = TestService.pool(vertx, db);
    List<Future<Api.Reply>> posts = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      posts.add(first.send(HttpMethod.POST, "/notifications", secrets.service(), TestService.notification(8,
        "general", "slow" + i + "@example.com", new JsonObject()).put("title", "Slow " + i), null));
    }
    Await.result(Future.join(new ArrayList<>(posts)));
    List<Long> ids = posts.stream().map(f -> f.result().json().getLong("id")).toList();

    Await.until("all four sent, or one twice", 60, () -> smtp.messagesTo("slow").size() > ids.size()
      || ids.stream().allMatch(id -> "sent".equals(row(pool, id).getString("status"))));
    long slowest = 0;
    for (int i = 0; i < ids.size(); i++) {
      assertEquals(1, smtp.messagesTo("slow" + i + "@example.com").size(), "email " + i + " sent once");
      assertEquals(1, TestService.attempts(pool, ids.get(i)).size());
      slowest = Math.max(slowest, Await.result(pool.preparedQuery("SELECT TIMESTAMPDIFF(MICROSECOND, created_at, sent_at) "
        + "FROM notifications WHERE id = ?").execute(Tuple.of(ids.get(i)))).iterator().next().getLong(0) / 1000);
    }
    assertTrue(slowest > CLAIM_MS, "a send outlasted the claim (" + slowest + " ms), and still went out once");
  }
}
