package shop.notification;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.StartTLSOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import shop.common.config.ConfigException;
import shop.common.delivery.Backoff;
import shop.testing.Api;
import shop.testing.ShopDatabase;
import shop.testing.TestSecrets;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Defaults, SMTP options, the delivery options, and SMTP login against a GreenMail server that checks passwords. */
@ExtendWith(VertxExtension.class)
class NotificationConfigTest {

  @RegisterExtension
  static final ShopDatabase DB = new ShopDatabase();

  static final String LOGIN = "mailer";
  static final String PASSWORD = UUID.randomUUID().toString();

  static MailServer smtp;
  static TestSecrets secrets;

  @BeforeAll
  static void start(Vertx vertx) {
    secrets = new TestSecrets(vertx);
    smtp = new MailServer(MailServer.freePort()).withUser("mailer@example.com", LOGIN, PASSWORD).start();
  }

  @AfterAll
  static void stop() {
    smtp.close();
  }

  @Test
  void defaults() {
    NotificationConfig c = NotificationConfig.from(new JsonObject());
    assertEquals(5005, c.port());
    assertEquals("notification_db", c.db().database());
    assertFalse(c.smtp().realSending());
    assertEquals("localhost", c.smtp().host());
    assertEquals(1025, c.smtp().port());
    assertEquals("Shop <noreply@shop.local>", c.smtp().from());
    assertEquals(6, c.delivery().maxAttempts());
    assertEquals("INR", c.currency());
    MailConfig mail = Mailer.mailConfig(c.smtp());
    assertEquals(StartTLSOptions.OPTIONAL, mail.getStarttls());
    assertEquals(LoginOption.DISABLED, mail.getLogin());
  }

  @Test
  void loginAndStarttlsFromConfig() {
    NotificationConfig c = NotificationConfig.from(new JsonObject().put("EMAIL_USER", "u").put("EMAIL_PASSWORD", "p")
      .put("SMTP_STARTTLS", "required").put("FROM_NAME", "Evil\"<Shop>\r\nBcc: x").put("ENABLE_REAL_EMAIL_SENDING", "True"));
    MailConfig mail = Mailer.mailConfig(c.smtp());
    assertEquals(LoginOption.REQUIRED, mail.getLogin());
    assertEquals(StartTLSOptions.REQUIRED, mail.getStarttls());
    assertTrue(c.smtp().realSending());
    assertFalse(c.smtp().from().contains("\n"));
    assertTrue(c.smtp().from().endsWith("<noreply@shop.local>"));
    assertThrows(ConfigException.class, () -> NotificationConfig.from(new JsonObject().put("SMTP_STARTTLS", "maybe")));
    assertThrows(ConfigException.class, () -> NotificationConfig.from(new JsonObject()
      .put("NOTIFICATION_MAX_ATTEMPTS", 0)));
  }

  @Test
  @DisplayName("the claim is short (10 s, renewed every third of it) and no longer tied to the SMTP timeout")
  void claimIsShortAndRenewed() {
    NotificationConfig.Delivery d = NotificationConfig.from(new JsonObject().put("SMTP_TIMEOUT_MS", 60_000)).delivery();
    assertEquals(10_000, d.claimMs());
    assertEquals(3_333, d.options().renewMs());
    assertEquals(2_000, NotificationConfig.from(new JsonObject().put("NOTIFICATION_CLAIM_MS", 2_000)).delivery().claimMs());
    assertThrows(ConfigException.class, () -> NotificationConfig.from(new JsonObject().put("NOTIFICATION_CLAIM_MS", 999)));
  }

  @Test
  @DisplayName("the engine's options: backoff from the two keys, the attempt limit, each email settled at once")
  void deliveryOptions() {
    NotificationConfig.Delivery d = NotificationConfig.from(new JsonObject().put("NOTIFICATION_BACKOFF_BASE_MS", 1_000)
      .put("NOTIFICATION_BACKOFF_MAX_MS", 5_000).put("NOTIFICATION_MAX_ATTEMPTS", 4)).delivery();
    assertEquals(new Backoff(1_000, 5_000), d.options().backoff());
    assertEquals(4, d.options().maxAttempts());
    assertTrue(d.options().settleEach());
    assertEquals(2_000, d.options().pollMs());
    assertEquals(20, d.options().batchSize());
  }

  @Test
  @DisplayName("group commit: 5 ms and 50 by default, into the engine's settle groups; bad values are refused by name")
  void groupKeys() {
    NotificationConfig.Delivery d = NotificationConfig.from(new JsonObject()).delivery();
    assertEquals(5, d.groupMs());
    assertEquals(50, d.groupSize());
    assertEquals(5, d.options().settleWaitMs());
    assertEquals(50, d.options().settleGroup());
    NotificationConfig.Delivery set = NotificationConfig.from(new JsonObject().put("NOTIFICATION_GROUP_MS", "0")
      .put("NOTIFICATION_GROUP_SIZE", 1)).delivery();
    assertEquals(0, set.groupMs());
    assertEquals(1, set.options().settleGroup());
    assertEquals(1_000, NotificationConfig.from(new JsonObject().put("NOTIFICATION_GROUP_MS", 1_000)).delivery().groupMs());
    for (Object bad : new Object[] {-1, 1_001, "soon", "2.5"}) {
      ConfigException e = assertThrows(ConfigException.class,
        () -> NotificationConfig.from(new JsonObject().put("NOTIFICATION_GROUP_MS", bad)));
      assertTrue(e.getMessage().startsWith("NOTIFICATION_GROUP_MS must be"), e.getMessage());
    }
    for (Object bad : new Object[] {0, -5, "many"}) {
      ConfigException e = assertThrows(ConfigException.class,
        () -> NotificationConfig.from(new JsonObject().put("NOTIFICATION_GROUP_SIZE", bad)));
      assertTrue(e.getMessage().startsWith("NOTIFICATION_GROUP_SIZE must be"), e.getMessage());
    }
  }

  @Test
  @DisplayName("with EMAIL_USER/EMAIL_PASSWORD the service logs in: right password sends, wrong one is refused")
  void smtpLogin(Vertx vertx) {
    JsonObject conf = TestService.config(DB.db(), secrets, smtp.port()).put("NOTIFICATION_POLL_MS", 0);
    Api good = TestService.deploy(vertx, conf.copy().put("EMAIL_USER", LOGIN).put("EMAIL_PASSWORD", PASSWORD));
    Api bad = TestService.deploy(vertx, conf.copy().put("EMAIL_USER", LOGIN).put("EMAIL_PASSWORD", "wrong-" + PASSWORD));
    JsonObject body = new JsonObject().put("to", "login@example.com").put("subject", "login check");
    Api.Reply refused = bad.post("/test-email", secrets.admin(), body);
    assertEquals(503, refused.status(), refused.toString());
    Api.Reply sent = good.post("/test-email", secrets.admin(), body);
    assertEquals(200, sent.status(), sent.toString());
    assertEquals(1, smtp.messagesTo("login@example.com").size());
  }
}
