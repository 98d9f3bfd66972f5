package shop.notification;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import shop.common.http.Http;
import shop.testing.Api;
import shop.testing.Await;
import shop.testing.ShopDatabase;
import shop.testing.TestSecrets;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real emails into a real SMTP server (GreenMail): content, escaping, dedup, recipient lookup. */
@ExtendWith(VertxExtension.class)
class NotificationEmailTest {

  @RegisterExtension
  static final ShopDatabase DB = new ShopDatabase();

  static MailServer smtp;
  static TestSecrets secrets;
  static Api api;
  static Pool pool;

  @BeforeAll
  static void deploy(Vertx vertx) {
    secrets = new TestSecrets(vertx);
    smtp = MailServer.started();
    int users = Await.result(vertx.createHttpServer().requestHandler(fakeUserService(vertx)).listen(0)).actualPort();
    api = TestService.deploy(vertx, TestService.config(DB.db(), secrets, smtp.port())
      .put("USER_SERVICE_URL", "http://127.0.0.1:" + users));
    pool = TestService.pool(vertx, DB.db());
  }

  @AfterAll
  static void stopSmtp() {
    smtp.close();
  }

  /** User 77 has an address; every other user is unknown. Only a valid service token gets an answer. */
  static Router fakeUserService(Vertx vertx) {
    Router router = Http.router(vertx);
    router.get("/users/:id").handler(ctx -> secrets.auth().verify(ctx.request().getHeader("Authorization"))
      .onFailure(err -> ctx.response().setStatusCode(401).end())
      .onSuccess(p -> {
        if (!p.isService()) {
          ctx.response().setStatusCode(403).end();
        } else if (ctx.pathParam("id").equals("77")) {
          Http.json(ctx, 200, new JsonObject().put("id", 77).put("username", "seventy").put("email", "u77@example.com"));
        } else {
          Http.json(ctx, 404, new JsonObject().put("error", "User not found").put("code", "not_found"));
        }
      }));
    return router;
  }

  private static JsonObject awaitStatus(long id, String status) {
    JsonObject[] last = new JsonObject[1];
    Await.until("notification " + id + " " + status, 30, () -> {
      last[0] = api.get("/notifications/" + id, secrets.admin()).json();
      return status.equals(last[0].getString("status"));
    });
    return last[0];
  }

  @Test
  @DisplayName("a payment confirmation sends one email with the amount, its currency and the name escaped")
  void paymentConfirmationEmail() throws Exception {
    JsonObject data = new JsonObject().put("order_id", 12).put("amount", 75000.0).put("currency", "INR")
      .put("payment_id", "PAY_abc").put("username", "<b>Ann</b>");
    Api.Reply r = api.post("/notifications", secrets.service(), TestService.notification(5, "payment_confirmation",
      "ann@example.com", data).put("event_id", "payment-completed-PAY_abc"));
    assertEquals(202, r.status(), r.toString());
    assertEquals("pending", r.json().getString("status"));
    long id = r.json().getLong("id");

    JsonObject sent = awaitStatus(id, "sent");
    assertNotNull(sent.getString("sent_at"));
    assertEquals(1, sent.getInteger("attempts"));
    List<MimeMessage> mails = smtp.messagesTo("ann@example.com");
    assertEquals(1, mails.size());
    MimeMessage m = mails.get(0);
    assertEquals("Payment received for order #12", m.getSubject());
    assertTrue(m.getFrom()[0].toString().contains("noreply@shop.local"), m.getFrom()[0].toString());
    assertEquals(Long.toString(id), MailServer.header(m, "X-Shop-Notification-Id"));
    String html = MailServer.part(m, "text/html");
    String text = MailServer.part(m, "text/plain");
    assertTrue(html.contains("INR 75,000.00"), html);
    assertTrue(html.contains("&lt;b&gt;Ann&lt;/b&gt;"), html);
    assertFalse(html.contains("<b>Ann</b>"), html);
    assertTrue(text.contains("INR 75,000.00") && text.contains("<b>Ann</b>"), text);
    assertTrue(html.contains("PAY_abc"));
    List<TestService.Attempt> attempts = TestService.attempts(pool, id);
    assertEquals(1, attempts.size());
    assertEquals("sent", attempts.get(0).outcome());
  }

  @Test
  @DisplayName("a declined payment is never worded as a success")
  void paymentFailedEmail() throws Exception {
    JsonObject data = new JsonObject().put("order_id", 31).put("amount", "25000.00").put("error_code", "card_declined");
    Api.Reply r = api.post("/notifications", secrets.service(), TestService.notification(6, "payment_failed",
      "bob@example.com", data).put("title", "Payment successful").put("message", "Payment successful!"));
    assertEquals(202, r.status(), r.toString());
    assertEquals("Payment failed for order #31", r.json().getString("title"));
    awaitStatus(r.json().getLong("id"), "sent");
    MimeMessage m = smtp.messagesTo("bob@example.com").get(0);
    assertEquals("Payment failed for order #31", m.getSubject());
    String html = MailServer.part(m, "text/html");
    String text = MailServer.part(m, "text/plain");
    for (String body : List.of(html, text)) {
      assertTrue(body.contains("declined"), body);
      assertTrue(body.contains("the card was declined by its issuer"), body);
      assertTrue(body.contains("INR 25,000.00"), body);
      String lower = body.toLowerCase();
      assertFalse(lower.contains("success") || lower.contains("payment received") || lower.contains("confirmed"), body);
    }
  }

  @Test
  @DisplayName("the same event_id posted 20 times at once makes one row and one email")
  void concurrentDuplicatesMakeOneEmail() {
    JsonObject body = TestService.notification(8, "order_created", "dup@example.com",
      new JsonObject().put("order_id", 99).put("total_amount", 5000).put("items",
        new JsonArray().add(new JsonObject().put("product_name", "Headphones").put("quantity", 1))))
      .put("event_id", "order-99-created");
    List<Future<Api.Reply>> sends = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      sends.add(api.send(HttpMethod.POST, "/notifications", secrets.service(), body, null));
    }
    Await.result(Future.all(sends));
    Set<Long> ids = new HashSet<>();
    int accepted = 0;
    for (Future<Api.Reply> f : sends) {
      Api.Reply r = f.result();
      assertTrue(r.status() == 202 || r.status() == 200, r.toString());
      accepted += r.status() == 202 ? 1 : 0;
      ids.add(r.json().getLong("id"));
    }
    assertEquals(1, accepted);
    assertEquals(1, ids.size());
    long id = ids.iterator().next();
    awaitStatus(id, "sent");
    Api.Reply again = api.post("/notifications", secrets.admin(), body);
    assertEquals(200, again.status());
    assertEquals(id, again.json().getLong("id"));
    assertEquals(1, api.get("/notifications/" + id, secrets.admin()).json().getInteger("attempts"));
    assertEquals(1, smtp.messagesTo("dup@example.com").size());
    assertEquals("Order #99 received", MailServer.subject(smtp.messagesTo("dup@example.com").get(0)));
    Api.Reply listed = api.get("/notifications/user/8", secrets.admin());
    assertEquals(1, listed.array().size());
  }

  @Test
  @DisplayName("without email the address comes from the user service; an unknown user fails at once")
  void recipientFromUserService() {
    Api.Reply known = api.post("/notifications", secrets.service(), TestService.notification(77, "user_registration",
      null, new JsonObject().put("username", "seventy")));
    assertEquals(202, known.status(), known.toString());
    assertTrue(known.json().getString("event_id").startsWith("gen-"));
    JsonObject sent = awaitStatus(known.json().getLong("id"), "sent");
    assertEquals("u77@example.com", sent.getString("recipient"));
    assertEquals("Welcome to Shop, seventy!", MailServer.subject(smtp.messagesTo("u77@example.com").get(0)));

    Api.Reply unknown = api.post("/notifications", secrets.service(), TestService.notification(78, "general",
      null, new JsonObject()).put("title", "Hello"));
    JsonObject failed = awaitStatus(unknown.json().getLong("id"), "failed");
    assertEquals(1, failed.getInteger("attempts"));
    assertTrue(failed.getString("error_message").contains("not found"), failed.encode());
  }

  @Test
  void testEmailIsSentAtOnce() {
    Api.Reply r = api.post("/test-email", secrets.admin(), new JsonObject().put("email", "ops@example.com")
      .put("subject", "Hello from the test"));
    assertEquals(200, r.status(), r.toString());
    assertEquals("Test email sent successfully", r.json().getString("message"));
    assertEquals(true, r.json().getBoolean("success"));
    assertEquals("ops@example.com", r.json().getString("recipient"));
    assertEquals("Hello from the test", r.json().getString("subject"));
    assertEquals(1, smtp.messagesTo("ops@example.com").size());
    assertEquals(403, api.post("/test-email", secrets.customer(5), new JsonObject().put("to", "x@example.com")
      .put("subject", "s")).status());
    assertEquals(400, api.post("/test-email", secrets.admin(), new JsonObject().put("to", "not an address")
      .put("subject", "s")).status());
  }
}
