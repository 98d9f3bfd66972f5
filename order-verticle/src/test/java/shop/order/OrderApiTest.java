package shop.order;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import shop.common.http.Ops;
import shop.testing.Api;
import shop.testing.Await;
import shop.testing.OpenApiCheck;
import shop.testing.ShopDatabase;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class OrderApiTest {

  @RegisterExtension
  static final ShopDatabase DB = new ShopDatabase();

  private static final AtomicLong USERS = new AtomicLong(100);

  static TestShop shop;
  static long laptop;
  static long phone;

  @BeforeAll
  static void deploy(Vertx vertx) {
    shop = TestShop.start(vertx, DB, new JsonObject(), 1);
    laptop = shop.createProduct("Laptop", 75000, 1000);
    phone = shop.createProduct("Smartphone", 24999.99, 1000);
  }

  /** A user id no other test uses, so listings and counts are this test's own. */
  static long newUser() {
    return USERS.incrementAndGet();
  }

  @Test
  void orderGoesFromPendingToDelivered() {
    long user = newUser();
    int stockBefore = shop.stock(laptop);
    JsonObject body = TestShop.body(laptop, 2).put("shipping_address", "1 Main St")
      .put("total_amount", 1).put("unit_price", 1);
    Api.Reply created = shop.place(user, body);
    assertEquals(201, created.status(), created.toString());
    JsonObject order = created.json();
    long id = order.getLong("id");
    assertEquals("pending", order.getString("status"));
    assertEquals(user, order.getLong("user_id"));
    assertEquals(150000.0, order.getDouble("total_amount"), "priced by the product service, never the client");
    assertEquals("INR", order.getString("currency"));
    assertEquals("1 Main St", order.getString("shipping_address"));
    assertTrue(order.getString("expires_at").endsWith("Z"), order.toString());
    assertTrue(order.getString("created_at").endsWith("Z"), order.toString());
    JsonObject item = order.getJsonArray("items").getJsonObject(0);
    assertEquals("Laptop", item.getString("product_name"));
    assertEquals(2, item.getInteger("quantity"));
    assertEquals(75000.0, item.getDouble("unit_price"));
    assertEquals(150000.0, item.getDouble("total_price"));
    assertEquals(id, item.getLong("order_id"));
    assertEquals(stockBefore - 2, shop.stock(laptop));
    assertEquals("reserved", shop.reservationStatus(id));

    Api.Reply read = shop.orders.get("/orders/" + id, shop.secrets.customer(user));
    assertEquals(200, read.status());
    assertEquals("Laptop", read.json().getJsonArray("items").getJsonObject(0).getString("product_name"));

    Api.Reply confirmed = shop.orders.put("/orders/" + id + "/status", shop.secrets.service(),
      new JsonObject().put("status", "confirmed"));
    assertEquals(200, confirmed.status(), confirmed.toString());
    assertEquals("confirmed", confirmed.json().getString("status"));
    assertNull(confirmed.json().getValue("expires_at"));
    assertEquals("committed", shop.reservationStatus(id));
    Api.Reply again = shop.orders.put("/orders/" + id + "/status", shop.secrets.service(),
      new JsonObject().put("status", "confirmed"));
    assertEquals(200, again.status(), "the payment relay may confirm twice: " + again);

    assertEquals(200, shop.orders.put("/orders/" + id + "/status", shop.secrets.admin(),
      new JsonObject().put("status", "shipped")).status());
    Api.Reply delivered = shop.orders.put("/orders/" + id + "/status", shop.secrets.admin(),
      new JsonObject().put("status", "delivered"));
    assertEquals(200, delivered.status());
    assertEquals("delivered", delivered.json().getString("status"));
    assertEquals(shop.orders.get("/orders/" + id, shop.secrets.customer(user)).json(), delivered.json(),
      "the answer to a move is the order as stored");
    assertEquals(stockBefore - 2, shop.stock(laptop), "a delivered order keeps its stock sold");

    Await.until("order_created notification", 20, () -> shop.notifications.withEventId("order_created:" + id).size() > 0);
    JsonObject note = shop.notifications.withEventId("order_created:" + id).get(0);
    assertEquals("order_created", note.getString("category"));
    assertEquals(user, note.getLong("user_id"));
    assertEquals("user" + user + "@example.com", note.getString("email"));
    assertEquals(id, note.getJsonObject("data").getLong("order_id"));
    assertEquals(150000.0, note.getJsonObject("data").getDouble("total_amount"));
    assertEquals(1, note.getJsonObject("data").getJsonArray("items").size());
  }

  @Test
  void forbiddenTransitionsAre409() {
    long user = newUser();
    long id = shop.place(user, TestShop.body(phone, 1)).json().getLong("id");
    for (String target : new String[] {"shipped", "delivered"}) {
      Api.Reply r = shop.orders.put("/orders/" + id + "/status", shop.secrets.admin(),
        new JsonObject().put("status", target));
      assertEquals(409, r.status(), target + ": " + r);
      assertEquals("invalid_transition", r.code());
    }
    assertEquals(400, shop.orders.put("/orders/" + id + "/status", shop.secrets.admin(),
      new JsonObject().put("status", "lost")).status());
    assertEquals(403, shop.orders.put("/orders/" + id + "/status", shop.secrets.customer(user),
      new JsonObject().put("status", "confirmed")).status());
    assertEquals(200, shop.orders.put("/orders/" + id + "/status", shop.secrets.admin(),
      new JsonObject().put("status", "confirmed")).status());
    assertEquals(409, shop.orders.put("/orders/" + id + "/status", shop.secrets.admin(),
      new JsonObject().put("status", "pending")).status());
    assertEquals(409, shop.orders.put("/orders/" + id + "/status", shop.secrets.admin(),
      new JsonObject().put("status", "delivered")).status());
    assertEquals(404, shop.orders.put("/orders/999999/status", shop.secrets.admin(),
      new JsonObject().put("status", "confirmed")).status());
  }

  @Test
  void ownerCancelsAndTheStockReturnsOnce() {
    long user = newUser();
    int before = shop.stock(phone);
    long id = shop.place(user, TestShop.body(phone, 3)).json().getLong("id");
    assertEquals(before - 3, shop.stock(phone));
    assertEquals(404, shop.orders.delete("/orders/" + id, shop.secrets.customer(newUser())).status());
    Api.Reply cancelled = shop.orders.delete("/orders/" + id, shop.secrets.customer(user));
    assertEquals(200, cancelled.status(), cancelled.toString());
    assertEquals("Order cancelled successfully", cancelled.json().getString("message"));
    assertEquals(200, shop.orders.delete("/orders/" + id, shop.secrets.customer(user)).status());
    assertEquals(200, shop.orders.put("/orders/" + id + "/status", shop.secrets.admin(),
      new JsonObject().put("status", "cancelled")).status());
    Await.until("stock back", 20, () -> shop.stock(phone) == before);
    Await.until("outbox drained", 20, () -> shop.pendingOutbox() == 0);
    assertEquals(before, shop.stock(phone), "released once, whatever asked for the cancel again");
    assertEquals("released", shop.reservationStatus(id));
    assertEquals(409, shop.orders.put("/orders/" + id + "/status", shop.secrets.service(),
      new JsonObject().put("status", "confirmed")).status(), "a cancelled order cannot be paid");
    Await.until("order_cancelled notification", 20,
      () -> shop.notifications.withEventId("order_cancelled:" + id).size() > 0);
    assertEquals("general", shop.notifications.withEventId("order_cancelled:" + id).get(0).getString("category"));
    assertEquals(1, shop.notifications.refundsFor(id), "the payment service is asked once to refund whatever paid");
  }

  @Test
  void cancellingAShippedOrderIs409() {
    long user = newUser();
    long id = shop.place(user, TestShop.body(phone, 1)).json().getLong("id");
    for (String s : new String[] {"confirmed", "shipped"}) {
      assertEquals(200, shop.orders.put("/orders/" + id + "/status", shop.secrets.admin(),
        new JsonObject().put("status", s)).status());
    }
    Api.Reply r = shop.orders.delete("/orders/" + id, shop.secrets.customer(user));
    assertEquals(409, r.status(), r.toString());
    assertEquals("shipped", shop.orders.get("/orders/" + id, shop.secrets.admin()).json().getString("status"));
  }

  @Test
  void invalidOrdersAre400() {
    long user = newUser();
    JsonArray many = new JsonArray();
    for (int i = 1; i <= 101; i++) {
      many.add(new JsonObject().put("product_id", i).put("quantity", 1));
    }
    JsonObject[] bodies = {
      new JsonObject().put("items", new JsonArray()),
      new JsonObject(),
      TestShop.body(laptop, 0),
      TestShop.body(laptop, -1),
      TestShop.body(laptop, 1001),
      new JsonObject().put("items", many),
      new JsonObject().put("items", "laptop"),
      new JsonObject().put("items", new JsonArray().add(new JsonObject().put("product_id", "x").put("quantity", 1))),
      new JsonObject().put("items", new JsonArray()
        .add(new JsonObject().put("product_id", laptop).put("quantity", 600))
        .add(new JsonObject().put("product_id", laptop).put("quantity", 600))),
    };
    for (JsonObject body : bodies) {
      Api.Reply r = shop.place(user, body);
      assertEquals(400, r.status(), body + " -> " + r);
      assertEquals("validation_failed", r.code());
    }
    Api.Reply badJson = Await.result(shop.orders.send(HttpMethod.POST, "/orders", shop.secrets.customer(user),
      Buffer.buffer("{\"items\": ["), MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json")));
    assertEquals(400, badJson.status(), badJson.toString());
    assertEquals("invalid_json", badJson.code());
    assertEquals(0, shop.orders.get("/orders/user/" + user, shop.secrets.customer(user)).array().size());
  }

  @Test
  void orderingForSomeoneElseIs403() {
    long user = newUser();
    Api.Reply other = shop.place(user, TestShop.body(laptop, 1).put("user_id", user + 1));
    assertEquals(403, other.status(), other.toString());
    Api.Reply otherEmail = shop.place(user, TestShop.body(laptop, 1).put("user_email", "someone@example.com"));
    assertEquals(403, otherEmail.status());
    Api.Reply self = shop.place(user, TestShop.body(laptop, 1).put("user_id", user)
      .put("user_email", "USER" + user + "@example.com"));
    assertEquals(201, self.status(), self.toString());
    assertEquals(401, shop.orders.post("/orders", null, TestShop.body(laptop, 1)).status());
    assertEquals(403, shop.orders.post("/orders", shop.secrets.service(), TestShop.body(laptop, 1)).status());
  }

  @Test
  void unknownProductIs404AndLeavesNoOrder() {
    long user = newUser();
    JsonObject body = new JsonObject().put("items", new JsonArray()
      .add(new JsonObject().put("product_id", laptop).put("quantity", 1))
      .add(new JsonObject().put("product_id", 987654).put("quantity", 1)));
    int before = shop.stock(laptop);
    Api.Reply r = shop.place(user, body);
    assertEquals(404, r.status(), r.toString());
    assertEquals("product_not_found", r.code());
    assertEquals(987654L, r.json().getLong("product_id"));
    assertEquals(before, shop.stock(laptop), "all lines or none");
    assertEquals(0, shop.orders.get("/orders/user/" + user, shop.secrets.customer(user)).array().size());
    assertEquals(0, shop.count("SELECT COUNT(*) FROM orders WHERE user_id = ?", user), "a refusal writes nothing");
  }

  @Test
  void notEnoughStockIs409NamingTheProduct() {
    long user = newUser();
    long scarce = shop.createProduct("Rare vase", 10, 2);
    Api.Reply r = shop.place(user, TestShop.body(scarce, 3));
    assertEquals(409, r.status(), r.toString());
    assertEquals("insufficient_stock", r.code());
    assertEquals(scarce, r.json().getLong("product_id"));
    assertEquals(2, shop.stock(scarce));
    assertEquals(0, shop.count("SELECT COUNT(*) FROM orders WHERE user_id = ?", user), "a refusal writes nothing");
  }

  @Test
  void duplicateLinesAreMerged() {
    long user = newUser();
    JsonObject body = new JsonObject().put("items", new JsonArray()
      .add(new JsonObject().put("product_id", phone).put("quantity", 1))
      .add(new JsonObject().put("product_id", laptop).put("quantity", 1))
      .add(new JsonObject().put("product_id", phone).put("quantity", 2)));
    Api.Reply r = shop.place(user, body);
    assertEquals(201, r.status(), r.toString());
    JsonArray items = r.json().getJsonArray("items");
    assertEquals(2, items.size());
    JsonObject phoneLine = items.stream().map(JsonObject.class::cast)
      .filter(i -> i.getLong("product_id") == phone).findFirst().orElseThrow();
    assertEquals(3, phoneLine.getInteger("quantity"));
    assertEquals(74999.97, phoneLine.getDouble("total_price"));
    assertEquals(149999.97, r.json().getDouble("total_amount"));
  }

  @Test
  void theCreatedOrderIsExactlyWhatIsStored() {
    // the 201 body is built from what was written, not read back: it must match a later GET field for field
    long user = newUser();
    JsonObject one = TestShop.body(laptop, 1).put("shipping_address", "9 Elm St");
    JsonObject several = new JsonObject().put("items", new JsonArray()
      .add(new JsonObject().put("product_id", laptop).put("quantity", 1))
      .add(new JsonObject().put("product_id", phone).put("quantity", 4)));
    for (JsonObject body : new JsonObject[] {one, several}) {
      Api.Reply created = shop.place(user, body);
      assertEquals(201, created.status(), created.toString());
      Api.Reply read = shop.orders.get("/orders/" + created.json().getLong("id"), shop.secrets.customer(user));
      assertEquals(200, read.status());
      assertEquals(read.json(), created.json());
      assertEquals(body.getJsonArray("items").size(), read.json().getJsonArray("items").size());
    }
  }

  @Test
  void someoneElsesOrderIs404ButAdminAndServicesReadIt() {
    long owner = newUser();
    long id = shop.place(owner, TestShop.body(laptop, 1)).json().getLong("id");
    Api.Reply stranger = shop.orders.get("/orders/" + id, shop.secrets.customer(newUser()));
    assertEquals(404, stranger.status());
    assertEquals(404, shop.orders.get("/orders/99999999", shop.secrets.customer(owner)).status());
    assertEquals(200, shop.orders.get("/orders/" + id, shop.secrets.admin()).status());
    assertEquals(200, shop.orders.get("/orders/" + id, shop.secrets.service()).status());
    assertEquals(401, shop.orders.get("/orders/" + id).status());
    assertEquals(400, shop.orders.get("/orders/abc", shop.secrets.admin()).status());
  }

  @Test
  void userListingIsNewestFirstAndPaged() {
    long user = newUser();
    long first = shop.place(user, TestShop.body(laptop, 1)).json().getLong("id");
    long second = shop.place(user, TestShop.body(phone, 1)).json().getLong("id");
    long third = shop.place(user, TestShop.body(phone, 2)).json().getLong("id");
    Api.Reply all = shop.orders.get("/orders/user/" + user, shop.secrets.customer(user));
    assertEquals(200, all.status());
    assertEquals(3, all.array().size());
    assertEquals(third, all.array().getJsonObject(0).getLong("id"));
    assertEquals(first, all.array().getJsonObject(2).getLong("id"));
    assertEquals("3", all.header("X-Total-Count"));
    assertNotNull(all.array().getJsonObject(0).getJsonArray("items").getJsonObject(0).getString("product_name"));
    Api.Reply page2 = shop.orders.get("/orders/user/" + user + "?page=2&per_page=2", shop.secrets.customer(user));
    assertEquals(1, page2.array().size());
    assertEquals(first, page2.array().getJsonObject(0).getLong("id"));
    assertTrue(page2.header("Link").contains("rel=\"prev\""));
    Api.Reply asAdmin = shop.orders.get("/orders/user/" + user + "?page=2&per_page=1", shop.secrets.admin());
    assertEquals(200, asAdmin.status());
    assertEquals(second, asAdmin.array().getJsonObject(0).getLong("id"));
    // someone else's orders are as unknown as a missing order: 404, like every other "someone else's"
    Api.Reply others = shop.orders.get("/orders/user/" + user, shop.secrets.customer(newUser()));
    assertEquals(404, others.status(), others.toString());
    assertEquals("not_found", others.code());
  }

  @Test
  void adminListingKeepsTheFlaskShapeAndFiltersByStatus() {
    long user = newUser();
    long pending = shop.place(user, TestShop.body(laptop, 1)).json().getLong("id");
    long confirmed = shop.place(user, TestShop.body(laptop, 1)).json().getLong("id");
    shop.orders.put("/orders/" + confirmed + "/status", shop.secrets.admin(), new JsonObject().put("status", "confirmed"));
    Api.Reply all = shop.orders.get("/orders?per_page=100", shop.secrets.admin());
    assertEquals(200, all.status(), all.toString());
    JsonObject pagination = all.json().getJsonObject("pagination");
    assertEquals(1, pagination.getInteger("page"));
    assertEquals(100, pagination.getInteger("per_page"));
    assertTrue(pagination.getLong("total") >= 2);
    assertEquals((pagination.getLong("total") + 99) / 100, pagination.getLong("pages"));
    Api.Reply onlyConfirmed = shop.orders.get("/orders?status=confirmed&per_page=100", shop.secrets.admin());
    JsonArray orders = onlyConfirmed.json().getJsonArray("orders");
    assertFalse(orders.isEmpty());
    assertTrue(orders.stream().map(JsonObject.class::cast).allMatch(o -> "confirmed".equals(o.getString("status"))));
    assertTrue(orders.stream().map(JsonObject.class::cast).anyMatch(o -> o.getLong("id") == confirmed));
    assertTrue(orders.stream().map(JsonObject.class::cast).noneMatch(o -> o.getLong("id") == pending));
    assertEquals(400, shop.orders.get("/orders?status=reserving", shop.secrets.admin()).status());
    assertEquals(403, shop.orders.get("/orders", shop.secrets.customer(user)).status());
  }

  @Test
  void openApiDocumentsEveryRoute(Vertx vertx) {
    Api.Reply doc = shop.orders.get("/openapi.json");
    assertEquals(200, doc.status());
    Router router = new OrderRoutes(shop.secrets.auth(), null, null, null)
      .mount(Ops.serviceRouter(vertx, null, shop.secrets.auth(), OrderRoutes.OPENAPI, null));
    assertEquals(OpenApiCheck.routed(router), OpenApiCheck.documented(doc.json()));
  }

  @Test
  void healthReportsTheDatabase() {
    Api.Reply health = shop.orders.get("/health");
    assertEquals(200, health.status(), health.toString());
    assertEquals("UP", health.json().getString("status"));
  }
}
