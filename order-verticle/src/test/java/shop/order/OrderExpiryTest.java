package shop.order;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import shop.testing.Api;
import shop.testing.Await;
import shop.testing.ShopDatabase;

import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith(VertxExtension.class)
class OrderExpiryTest {

  @RegisterExtension
  static final ShopDatabase DB = new ShopDatabase();

  static TestShop shop;

  @BeforeAll
  static void deploy(Vertx vertx) {
    // two order service instances sweep the same table every 100 ms
    shop = TestShop.start(vertx, DB, new JsonObject().put("ORDER_TTL_SECONDS", 1).put("ORDER_SWEEP_MS", 100), 2);
  }

  @Test
  @DisplayName("an unpaid order past expires_at is cancelled and its stock returns exactly once")
  void unpaidOrderExpiresOnce() {
    long product = shop.createProduct("Lamp", 15, 5);
    long user = 9_001;
    Api.Reply created = shop.place(user, TestShop.body(product, 3));
    assertEquals(201, created.status(), created.toString());
    long id = created.json().getLong("id");
    assertEquals(2, shop.stock(product));

    Await.until("order expired", 30, () -> "cancelled".equals(
      shop.orders.get("/orders/" + id, shop.secrets.customer(user)).json().getString("status")));
    Await.until("stock back", 30, () -> shop.stock(product) == 5);
    Await.until("outbox drained", 30, () -> shop.pendingOutbox() == 0);
    assertEquals(5, shop.stock(product));
    assertEquals("released", shop.reservationStatus(id));
    assertEquals(1, shop.count("SELECT COUNT(*) FROM outbox WHERE event_id = ?", "reservation_release:" + id));

    Await.until("expiry notice", 30, () -> !shop.notifications.withEventId("order_cancelled:" + id).isEmpty());
    JsonObject notice = shop.notifications.withEventId("order_cancelled:" + id).get(0);
    assertEquals("user" + user + "@example.com", notice.getString("email"), "addressed from the order, no token needed");

    Api.Reply latePayment = shop.orders.put("/orders/" + id + "/status", shop.secrets.service(),
      new JsonObject().put("status", "confirmed"));
    assertEquals(409, latePayment.status(), "a payment arriving after expiry is refused, so it gets refunded");
  }

  @Test
  void aConfirmedOrderNeverExpires() {
    long product = shop.createProduct("Rug", 80, 4);
    long user = 9_002;
    long paid = shop.place(user, TestShop.body(product, 1)).json().getLong("id");
    assertEquals(200, shop.orders.put("/orders/" + paid + "/status", shop.secrets.service(),
      new JsonObject().put("status", "confirmed")).status());
    long unpaid = shop.place(user, TestShop.body(product, 1)).json().getLong("id");
    Await.until("unpaid one expired", 30, () -> "cancelled".equals(
      shop.orders.get("/orders/" + unpaid, shop.secrets.admin()).json().getString("status")));
    assertEquals("confirmed", shop.orders.get("/orders/" + paid, shop.secrets.admin()).json().getString("status"));
    Await.until("unpaid stock back", 30, () -> shop.stock(product) == 3);
    assertEquals("committed", shop.reservationStatus(paid));
  }
}
