package shop.notification;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import shop.common.http.Ops;
import shop.testing.Api;
import shop.testing.Await;
import shop.testing.OpenApiCheck;
import shop.testing.ShopDatabase;
import shop.testing.TestSecrets;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Authorization, ownership, admin listings and the OpenAPI document, with real sending off
 * (ENABLE_REAL_EMAIL_SENDING=False) while a real SMTP server listens, to prove nothing reaches it.
 */
@ExtendWith(VertxExtension.class)
class NotificationApiTest {

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
    api = TestService.deploy(vertx, TestService.config(DB.db(), secrets, smtp.port())
      .put("ENABLE_REAL_EMAIL_SENDING", "False"));
    pool = TestService.pool(vertx, DB.db());
  }

  @AfterAll
  static void stopSmtp() {
    smtp.close();
  }

  private static long create(long userId, String category) {
    Api.Reply r = api.post("/notifications", secrets.service(), TestService.notification(userId, category,
      "user" + userId + "@example.com", new JsonObject().put("order_id", 1).put("amount", 10)));
    assertEquals(202, r.status(), r.toString());
    return r.json().getLong("id");
  }

  @Test
  @DisplayName("with real sending off the email is logged, recorded as logged and never reaches the SMTP server")
  void loggedNotSent() {
    long id = create(40, "payment_confirmation");
    Await.until("logged", 30, () -> "logged".equals(api.get("/notifications/" + id, secrets.admin()).json()
      .getString("status")));
    JsonObject n = api.get("/notifications/" + id, secrets.admin()).json();
    assertNull(n.getString("sent_at"));
    assertEquals(1, n.getInteger("attempts"));
    assertEquals("logged", TestService.attempts(pool, id).get(0).outcome());
    Api.Reply test = api.post("/test-email", secrets.admin(), new JsonObject().put("to", "ops@example.com")
      .put("subject", "ping"));
    assertEquals(200, test.status());
    assertEquals("logged", test.json().getString("delivery"));
    assertTrue(smtp.messages().isEmpty(), "no email may reach the server");
  }

  @Test
  @DisplayName("the 202 answer is the row as written: once delivered, only the delivery fields differ")
  void theAnswerIsWhatWasStored() {
    Api.Reply r = api.post("/notifications", secrets.service(), TestService.notification(41, "order_created",
      "user41@example.com", new JsonObject().put("order_id", 7).put("total_amount", 10)));
    assertEquals(202, r.status(), r.toString());
    JsonObject created = r.json();
    assertEquals("pending", created.getString("status"));
    assertEquals(0, created.getInteger("attempts"));
    long id = created.getLong("id");
    Await.until("logged", 30, () -> "logged".equals(api.get("/notifications/" + id, secrets.admin()).json()
      .getString("status")));
    JsonObject stored = api.get("/notifications/" + id, secrets.admin()).json();
    for (String delivery : new String[] {"status", "attempts"}) {
      created.remove(delivery);
      stored.remove(delivery);
    }
    assertEquals(stored, created);
    assertEquals(1, TestService.attempts(pool, id).size(), "delivered once, by the claim it was inserted with");
  }

  @Test
  void onlyServicesAndAdminsPost() {
    JsonObject body = TestService.notification(41, "general", "a@example.com", new JsonObject()).put("title", "Hi");
    Api.Reply customer = api.post("/notifications", secrets.customer(41), body);
    assertEquals(403, customer.status());
    assertEquals("forbidden", customer.code());
    assertEquals(401, api.post("/notifications", null, body).status());
    assertEquals(401, api.post("/notifications", "Bearer not-a-token", body).status());
    assertEquals(202, api.post("/notifications", secrets.admin(), body).status());
  }

  @Test
  void invalidBodiesAre400() {
    Api.Reply badCategory = api.post("/notifications", secrets.service(),
      TestService.notification(42, "spam", "a@example.com", new JsonObject()));
    assertEquals(400, badCategory.status());
    assertTrue(badCategory.json().getJsonObject("details").containsKey("category"));
    Api.Reply noUser = api.post("/notifications", secrets.service(), new JsonObject().put("category", "general"));
    assertEquals(400, noUser.status());
    Api.Reply headerInjection = api.post("/notifications", secrets.service(),
      TestService.notification(42, "general", "a@example.com\r\nBcc: x@evil.test", new JsonObject()));
    assertEquals(400, headerInjection.status());
  }

  @Test
  @DisplayName("the owner reads and marks their notifications; another customer gets 404")
  void ownership() {
    long id = create(50, "order_created");
    Api.Reply own = api.get("/notifications/" + id, secrets.customer(50));
    assertEquals(200, own.status());
    JsonObject n = own.json();
    for (String field : List.of("id", "event_id", "user_id", "category", "title", "recipient", "status", "attempts",
      "sent_at", "read_at", "created_at", "error_message")) {
      assertTrue(n.containsKey(field), field + " missing in " + n);
    }
    assertTrue(n.getString("created_at").endsWith("Z"));
    assertEquals(404, api.get("/notifications/" + id, secrets.customer(51)).status());
    assertEquals(404, api.put("/notifications/" + id + "/read", secrets.customer(51), null).status());
    assertEquals(404, api.get("/notifications/user/50", secrets.customer(51)).status());

    Api.Reply list = api.get("/notifications/user/50", secrets.customer(50));
    assertEquals(200, list.status());
    assertEquals(1, list.array().size());
    assertEquals("1", list.header("X-Total-Count"));

    Api.Reply read = api.put("/notifications/" + id + "/read", secrets.customer(50), null);
    assertEquals(200, read.status(), read.toString());
    String readAt = read.json().getString("read_at");
    assertNotNull(readAt);
    assertEquals(readAt, api.put("/notifications/" + id + "/read", secrets.admin(), null).json().getString("read_at"));
    assertEquals(404, api.get("/notifications/999999", secrets.admin()).status());
    assertEquals(400, api.get("/notifications/abc", secrets.admin()).status());
  }

  @Test
  @DisplayName("admin list keeps the Flask shape and filters; stats count by status and category")
  void adminListAndStats() {
    create(60, "refund");
    create(60, "refund");
    create(61, "user_registration");
    Api.Reply list = api.get("/notifications?category=refund&per_page=1", secrets.admin());
    assertEquals(200, list.status(), list.toString());
    JsonArray items = list.json().getJsonArray("notifications");
    assertEquals(1, items.size());
    assertEquals("refund", items.getJsonObject(0).getString("category"));
    JsonObject pagination = list.json().getJsonObject("pagination");
    assertEquals(1, pagination.getInteger("page"));
    assertEquals(1, pagination.getInteger("per_page"));
    assertEquals(2, pagination.getInteger("total"));
    assertEquals(2, pagination.getInteger("pages"));
    Api.Reply none = api.get("/notifications?status=failed&category=refund", secrets.admin());
    assertEquals(0, none.json().getJsonArray("notifications").size());
    assertEquals(403, api.get("/notifications", secrets.customer(60)).status());

    Api.Reply stats = api.get("/notifications/stats", secrets.admin());
    assertEquals(200, stats.status());
    JsonObject s = stats.json();
    long total = s.getLong("total");
    assertTrue(total >= 3);
    long byStatus = s.getJsonObject("by_status").stream().mapToLong(e -> ((Number) e.getValue()).longValue()).sum();
    assertEquals(total, byStatus);
    assertTrue(s.getJsonObject("by_status").fieldNames().containsAll(Set.of("pending", "sent", "failed", "logged")));
    assertTrue(s.getJsonObject("by_category").getLong("refund") >= 2);
    assertEquals(NotificationInput.CATEGORIES.size(), s.getJsonObject("by_category").size());
    assertEquals(403, api.get("/notifications/stats", secrets.customer(60)).status());
  }

  @Test
  @DisplayName("an admin lists the emails about one order, whether its id was sent as a number or a string")
  void adminListsTheEmailsOfOneOrder() {
    long about = 880_001;
    long first = aboutOrder(62, "order_created", about);
    long second = aboutOrder(62, "payment_confirmation", String.valueOf(about));
    aboutOrder(62, "payment_failed", about + 1);
    create(62, "general");
    Api.Reply list = api.get("/notifications?order_id=" + about, secrets.admin());
    assertEquals(200, list.status(), list.toString());
    JsonArray items = list.json().getJsonArray("notifications");
    assertEquals(List.of(second, first), items.stream().map(n -> ((JsonObject) n).getLong("id")).toList(),
      "newest first, only that order's");
    assertEquals(2, list.json().getJsonObject("pagination").getInteger("total"));
    assertEquals(1, api.get("/notifications?order_id=" + about + "&category=order_created", secrets.admin()).json()
      .getJsonArray("notifications").size());
    for (String bad : new String[] {"abc", "0", "-3", "1.5", "9".repeat(19)}) {
      Api.Reply r = api.get("/notifications?order_id=" + bad, secrets.admin());
      assertEquals(400, r.status(), bad + " -> " + r);
      assertEquals("invalid_parameter", r.code());
    }
    assertEquals(403, api.get("/notifications?order_id=" + about, secrets.customer(62)).status());
  }

  private static long aboutOrder(long userId, String category, Object orderId) {
    Api.Reply r = api.post("/notifications", secrets.service(), TestService.notification(userId, category,
      "user" + userId + "@example.com", new JsonObject().put("order_id", orderId).put("total_amount", 10)));
    assertEquals(202, r.status(), r.toString());
    return r.json().getLong("id");
  }

  @Test
  @DisplayName("/openapi.json documents exactly the routes the router serves")
  void openApiMatchesRouter(Vertx vertx) {
    Set<String> routed = OpenApiCheck.routed(
      new NotificationRoutes(secrets.auth(), null, null, null, null, null)
        .mount(Ops.serviceRouter(vertx, null, secrets.auth(), NotificationRoutes.OPENAPI, null)));
    JsonObject doc = api.get("/openapi.json").json();
    assertEquals(routed, OpenApiCheck.documented(doc));
    JsonArray required = doc.getJsonObject("components").getJsonObject("schemas").getJsonObject("Notification")
      .getJsonArray("required");
    JsonObject real = api.get("/notifications/" + create(70, "general"), secrets.admin()).json();
    required.forEach(f -> assertNotNull(real.getValue((String) f), f + " is documented as required"));
    assertEquals(200, api.get("/health").status());
  }
}
