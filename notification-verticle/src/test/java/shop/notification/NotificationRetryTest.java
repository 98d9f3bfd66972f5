package shop.notification;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
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

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SMTP server is down (nothing listens on its port), then comes up: retries, backoff, failure, admin retry. */
@ExtendWith(VertxExtension.class)
class NotificationRetryTest {

  @RegisterExtension
  static final ShopDatabase DB = new ShopDatabase();

  static TestSecrets secrets;
  static MailServer recovering;
  static MailServer neverUp;
  static Api patient;
  static Api impatient;
  static Api down;
  static Pool patientDb;
  static Pool impatientDb;

  @BeforeAll
  static void deploy(Vertx vertx) {
    secrets = new TestSecrets(vertx);
    recovering = new MailServer(MailServer.freePort());
    neverUp = new MailServer(MailServer.freePort());
    patient = TestService.deploy(vertx, TestService.config(DB.db(), secrets, recovering.port())
      .put("NOTIFICATION_MAX_ATTEMPTS", 1000));
    patientDb = TestService.pool(vertx, DB.db());
    // its own database: two dispatchers on one table would deliver each other's rows
    DbConfig other = DB.another("impatient");
    impatient = TestService.deploy(vertx, TestService.config(other, secrets, neverUp.port())
      .put("NOTIFICATION_MAX_ATTEMPTS", 3));
    impatientDb = TestService.pool(vertx, other);
    down = TestService.deploy(vertx, TestService.config(DB.another("down"), secrets, MailServer.freePort())
      .put("NOTIFICATION_POLL_MS", 0));
  }

  @AfterAll
  static void stopSmtp() {
    recovering.close();
    neverUp.close();
  }

  private static JsonObject read(Api api, long id) {
    return api.get("/notifications/" + id, secrets.admin()).json();
  }

  @Test
  @DisplayName("SMTP down: pending with errors recorded; SMTP up: sent once")
  void pendingWhileDownThenSent() {
    Api.Reply r = patient.post("/notifications", secrets.service(), TestService.notification(3, "refund",
      "carol@example.com", new JsonObject().put("order_id", 4).put("amount", 49.99).put("currency", "usd")));
    assertEquals(202, r.status(), r.toString());
    long id = r.json().getLong("id");

    Await.until("three failed attempts", 30, () -> read(patient, id).getInteger("attempts") >= 3);
    JsonObject pending = read(patient, id);
    assertEquals("pending", pending.getString("status"));
    assertNotNull(pending.getString("error_message"));
    assertNull(pending.getString("sent_at"));
    List<TestService.Attempt> failures = TestService.attempts(patientDb, id);
    assertTrue(failures.size() >= 3);
    failures.forEach(a -> {
      assertEquals("error", a.outcome());
      assertNotNull(a.error());
      assertFalse(a.error().isBlank());
    });
    assertEquals(1, failures.get(0).attempt());
    assertEquals(2, failures.get(1).attempt());

    recovering.start();
    Await.until("sent after the server came up", 30, () -> "sent".equals(read(patient, id).getString("status")));
    JsonObject sent = read(patient, id);
    assertNull(sent.getString("error_message"));
    assertNotNull(sent.getString("sent_at"));
    List<TestService.Attempt> all = TestService.attempts(patientDb, id);
    assertEquals(sent.getInteger("attempts"), all.size());
    assertEquals("sent", all.get(all.size() - 1).outcome());
    assertEquals(1, all.stream().filter(a -> a.outcome().equals("sent")).count());
    assertEquals(1, recovering.messagesTo("carol@example.com").size());
    assertEquals("Refund for order #4", MailServer.subject(recovering.messagesTo("carol@example.com").get(0)));
  }

  @Test
  @DisplayName("failed after the last attempt; an admin retry sends it once the server is up")
  void failedAfterMaxAttemptsThenAdminRetry() {
    Api.Reply r = impatient.post("/notifications", secrets.admin(), TestService.notification(9, "order_created",
      "dave@example.com", new JsonObject().put("order_id", 5).put("total_amount", 20000)));
    assertEquals(202, r.status(), r.toString());
    long id = r.json().getLong("id");

    Await.until("failed", 30, () -> "failed".equals(read(impatient, id).getString("status")));
    JsonObject failed = read(impatient, id);
    assertEquals(3, failed.getInteger("attempts"));
    assertNotNull(failed.getString("error_message"));
    assertEquals(3, TestService.attempts(impatientDb, id).size());

    assertEquals(403, impatient.post("/notifications/retry/" + id, secrets.customer(9), null).status());
    assertEquals(404, impatient.post("/notifications/retry/999999", secrets.admin(), null).status());

    neverUp.start();
    Api.Reply retried = impatient.post("/notifications/retry/" + id, secrets.admin(), null);
    assertEquals(200, retried.status(), retried.toString());
    assertEquals("Notification queued for retry", retried.json().getString("message"));
    Await.until("sent after the retry", 30, () -> "sent".equals(read(impatient, id).getString("status")));
    assertEquals(1, neverUp.messagesTo("dave@example.com").size());
    assertEquals(4, TestService.attempts(impatientDb, id).size());

    Api.Reply again = impatient.post("/notifications/retry/" + id, secrets.admin(), null);
    assertEquals(409, again.status());
    assertEquals("not_failed", again.code());
  }

  @Test
  @DisplayName("a test email while SMTP is down answers 503 with success false")
  void testEmailWhileDownIs503() {
    Api.Reply failed = down.post("/test-email", secrets.admin(), new JsonObject().put("to", "ops@example.com")
      .put("subject", "ping"));
    assertEquals(503, failed.status(), failed.toString());
    assertEquals(false, failed.json().getBoolean("success"));
    assertEquals("ops@example.com", failed.json().getString("recipient"));
    assertEquals("ping", failed.json().getString("subject"));
  }
}
