package shop.notification;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import shop.testing.Api;
import shop.testing.Await;
import shop.testing.ShopDatabase;
import shop.testing.TestSecrets;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two service instances on one database, polling fast in small batches: every email goes out exactly once. */
@ExtendWith(VertxExtension.class)
class NotificationInstancesTest {

  @RegisterExtension
  static final ShopDatabase DB = new ShopDatabase();

  static final int POSTED = 20;
  static final int BACKLOG = 40;

  static MailServer smtp;
  static TestSecrets secrets;
  static Api first;
  static Api second;
  static Pool pool;

  @BeforeAll
  static void deploy(Vertx vertx) {
    secrets = new TestSecrets(vertx);
    smtp = MailServer.started();
    JsonObject conf = TestService.config(DB.db(), secrets, smtp.port())
      .put("NOTIFICATION_POLL_MS", 20)
      .put("NOTIFICATION_BATCH_SIZE", 3);
    first = TestService.deploy(vertx, conf);
    second = TestService.deploy(vertx, conf);
    pool = TestService.pool(vertx, DB.db());
  }

  @AfterAll
  static void stopSmtp() {
    smtp.close();
  }

  @Test
  @DisplayName("two instances racing over posted notifications and a due backlog never send one email twice")
  void noEmailSentTwice() {
    // a backlog both dispatchers find due at once, written straight into the table
    StringBuilder sql = new StringBuilder("INSERT INTO notifications (event_id, user_id, category, title, data, "
      + "recipient, status, attempts, next_attempt_at, created_at, updated_at) VALUES ");
    Tuple args = Tuple.tuple();
    for (int i = 0; i < BACKLOG; i++) {
      sql.append(i == 0 ? "" : ", ").append("(?, 1, 'general', ?, '{}', ?, 'pending', 0, "
        + "UTC_TIMESTAMP(3), UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))");
      args.addString("backlog-" + i).addString("Backlog " + i).addString("race@example.com");
    }
    Await.result(pool.preparedQuery(sql.toString()).execute(args));

    List<Future<Api.Reply>> posts = new ArrayList<>();
    for (int i = 0; i < POSTED; i++) {
      Api target = i % 2 == 0 ? first : second;
      posts.add(target.send(HttpMethod.POST, "/notifications", secrets.service(),
        TestService.notification(2, "general", "race@example.com", new JsonObject())
          .put("title", "Posted " + i).put("event_id", "posted-" + i), null));
    }
    Await.result(Future.all(posts));
    posts.forEach(p -> assertEquals(202, p.result().status(), p.result().toString()));

    int total = POSTED + BACKLOG;
    Await.until("every notification sent", 60, () -> count("SELECT COUNT(*) FROM notifications WHERE status = 'sent'")
      == total);
    Await.until("every email received", 30, () -> smtp.messagesTo("race@example.com").size() >= total);

    List<MimeMessage> mails = smtp.messagesTo("race@example.com");
    Set<String> ids = new HashSet<>();
    mails.forEach(m -> ids.add(MailServer.header(m, "X-Shop-Notification-Id")));
    assertEquals(total, mails.size(), "one email per notification");
    assertEquals(total, ids.size(), "no notification emailed twice");
    assertEquals(total, count("SELECT COUNT(*) FROM notification_attempts WHERE outcome = 'sent'"));
    assertEquals(0, count("SELECT COUNT(*) FROM notification_attempts WHERE outcome <> 'sent'"));
    assertEquals(0, count("SELECT COUNT(*) FROM notifications WHERE attempts <> 1"));
    assertTrue(count("SELECT COUNT(DISTINCT instance) FROM notification_attempts") == 2,
      "both instances delivered some");
  }

  private static long count(String sql) {
    Row r = Await.result(pool.query(sql).execute()).iterator().next();
    return r.getLong(0);
  }
}
