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

/**
 * Issue 12 item 9: a refunded payment and the order agree. The payment service reports a refund as
 * {@code PUT /orders/{id}/status {"status":"refunded"}}: shipped or delivered becomes refunded (the
 * goods left, no stock returns); an order not shipped yet is cancelled and its stock returns.
 */
@ExtendWith(VertxExtension.class)
class OrderRefundTest {

  @RegisterExtension
  static final ShopDatabase DB = new ShopDatabase();

  static TestShop shop;
  static long product;

  @BeforeAll
  static void deploy(Vertx vertx) {
    shop = TestShop.start(vertx, DB, new JsonObject(), 1);
    product = shop.createProduct("Bicycle", 500, 1_000);
  }

  private static Api.Reply setStatus(long id, String status, String token) {
    return shop.orders.put("/orders/" + id + "/status", token, new JsonObject().put("status", status));
  }

  /** A placed order moved through {@code statuses} by an admin. */
  private static long order(long user, String... statuses) {
    long id = shop.place(user, TestShop.body(product, 2)).json().getLong("id");
    for (String s : statuses) {
      assertEquals(200, setStatus(id, s, shop.secrets.admin()).status(), s);
    }
    return id;
  }

  @Test
  @DisplayName("shipped or delivered + refunded payment → refunded, terminal, stock stays sold")
  void shippedOrDeliveredBecomesRefunded() {
    for (String last : new String[] {"shipped", "delivered"}) {
      long user = last.equals("shipped") ? 90_001 : 90_002;
      long id = last.equals("shipped") ? order(user, "confirmed", "shipped") : order(user, "confirmed", "shipped", last);
      int stock = shop.stock(product);
      Api.Reply r = setStatus(id, "refunded", shop.secrets.service());
      assertEquals(200, r.status(), r.toString());
      assertEquals("refunded", r.json().getString("status"));
      assertEquals(200, setStatus(id, "refunded", shop.secrets.service()).status(), "a redelivered event is fine");
      assertEquals("refunded", shop.orders.get("/orders/" + id, shop.secrets.customer(user)).json().getString("status"));
      assertEquals(stock, shop.stock(product), "the goods left: no stock returns");
      assertEquals("committed", shop.reservationStatus(id));
      assertEquals(0, shop.count("SELECT COUNT(*) FROM outbox WHERE event_id IN (?, ?)",
        "reservation_release:" + id, "payment_refund:" + id), "no release, no second refund");
      for (String next : new String[] {"shipped", "delivered", "cancelled", "confirmed"}) {
        assertEquals(409, setStatus(id, next, shop.secrets.admin()).status(), "refunded is terminal: " + next);
      }
      assertEquals(409, shop.orders.delete("/orders/" + id, shop.secrets.customer(user)).status());
    }
    JsonObject page = shop.orders.get("/orders?status=refunded", shop.secrets.admin()).json();
    assertEquals(2, page.getJsonObject("pagination").getInteger("total"));
  }

  @Test
  @DisplayName("confirmed + refunded payment → cancelled, stock back once, no refund asked again")
  void confirmedIsCancelledWithItsStock() {
    long user = 90_003;
    int before = shop.stock(product);
    long id = order(user, "confirmed");
    Api.Reply r = setStatus(id, "refunded", shop.secrets.service());
    assertEquals(200, r.status(), r.toString());
    assertEquals("cancelled", r.json().getString("status"));
    assertEquals("cancelled", setStatus(id, "refunded", shop.secrets.service()).json().getString("status"));
    Await.until("stock back", 30, () -> shop.stock(product) == before);
    Await.until("outbox drained", 30, () -> shop.pendingOutbox() == 0);
    assertEquals(before, shop.stock(product), "returned once");
    assertEquals("released", shop.reservationStatus(id));
    assertEquals(0, shop.notifications.refundsFor(id), "the payment service refunded already");
    assertEquals(1, shop.notifications.withEventId("order_cancelled:" + id).size());
  }

  @Test
  @DisplayName("only the payment service reports a refund: an admin or a customer is 403")
  void onlyThePaymentServiceSaysRefunded() {
    long user = 90_004;
    long id = order(user, "confirmed", "shipped");
    Api.Reply admin = setStatus(id, "refunded", shop.secrets.admin());
    assertEquals(403, admin.status(), admin.toString());
    assertEquals(403, setStatus(id, "refunded", shop.secrets.customer(user)).status());
    assertEquals("shipped", shop.orders.get("/orders/" + id, shop.secrets.admin()).json().getString("status"));
  }
}
