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

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Issue 12 item 9: the deadline holds by itself, before (here: without) any sweep. */
@ExtendWith(VertxExtension.class)
class OrderDeadlineTest {

  @RegisterExtension
  static final ShopDatabase DB = new ShopDatabase();

  static TestShop shop;

  @BeforeAll
  static void deploy(Vertx vertx) {
    shop = TestShop.start(vertx, DB, new JsonObject().put("ORDER_TTL_SECONDS", 2).put("ORDER_SWEEP_MS", 0), 1);
  }

  private static Api.Reply setStatus(long id, String status) {
    return shop.orders.put("/orders/" + id + "/status", shop.secrets.service(), new JsonObject().put("status", status));
  }

  @Test
  @DisplayName("an order past expires_at cannot be confirmed even though no sweeper cancelled it")
  void noConfirmationAfterTheDeadline() {
    long product = shop.createProduct("Kettle", 30, 4);
    long user = 80_001;
    JsonObject order = shop.place(user, TestShop.body(product, 1)).json();
    long id = order.getLong("id");
    Instant deadline = Instant.parse(order.getString("expires_at"));
    Await.until("the deadline to pass", 30, () -> Instant.now().isAfter(deadline.plusMillis(50)));

    Api.Reply late = setStatus(id, "confirmed");
    assertEquals(409, late.status(), late.toString());
    assertEquals("order_expired", late.code(), "a payment made too late is refunded on this answer");
    assertEquals(order.getString("expires_at"), late.json().getString("expires_at"));
    JsonObject now = shop.orders.get("/orders/" + id, shop.secrets.customer(user)).json();
    assertEquals("pending", now.getString("status"), "nothing swept it: it waits for the sweeper");
    assertEquals("reserved", shop.reservationStatus(id), "the reservation was not committed");
    assertEquals(3, shop.stock(product));

    assertEquals(200, shop.orders.delete("/orders/" + id, shop.secrets.customer(user)).status(),
      "the owner may still cancel it");
    Await.until("stock back", 30, () -> shop.stock(product) == 4);
  }

  @Test
  @DisplayName("an order confirmed in time stays confirmed")
  void confirmationInTime() {
    long product = shop.createProduct("Toaster", 40, 2);
    long id = shop.place(80_002, TestShop.body(product, 1)).json().getLong("id");
    Api.Reply confirmed = setStatus(id, "confirmed");
    assertEquals(200, confirmed.status(), confirmed.toString());
    assertEquals("committed", shop.reservationStatus(id));
  }
}
