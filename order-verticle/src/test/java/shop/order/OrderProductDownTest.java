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
class OrderProductDownTest {

  @RegisterExtension
  static final ShopDatabase DB = new ShopDatabase();

  static TestShop shop;

  @BeforeAll
  static void deploy(Vertx vertx) {
    shop = TestShop.start(vertx, DB, new JsonObject().put("PRODUCT_TIMEOUT_MS", 1_000), 1);
  }

  @Test
  @DisplayName("with the product service down, checkout answers 503 and leaves nothing pending or held")
  void productServiceDownIs503AndNothingIsStuck() {
    long product = shop.createProduct("Chair", 120, 10);
    long user = 11_001;
    assertEquals(201, shop.place(user, TestShop.body(product, 1)).status());
    int port = shop.product.port();

    shop.stopProduct();
    for (int i = 0; i < 7; i++) {
      Api.Reply r = shop.place(user, TestShop.body(product, 2));
      assertEquals(503, r.status(), r.toString());
      assertEquals("product_service_unavailable", r.code());
    }
    assertEquals(1, shop.count("SELECT COUNT(*) FROM orders WHERE user_id = ? AND status = 'pending'", user));
    // each checkout is settled behind its 503: a hidden 'failed' row under its id, its release queued
    Await.until("checkouts settled", 30,
      () -> shop.count("SELECT COUNT(*) FROM orders WHERE user_id = ? AND status = 'failed'", user) == 7);
    assertEquals(1, shop.orders.get("/orders/user/" + user, shop.secrets.customer(user)).array().size());
    long failed = shop.count("SELECT MIN(id) FROM orders WHERE user_id = ? AND status = 'failed'", user);

    // back on the same port: the queued releases land, and a late reservation could no longer take stock
    shop.startProduct(port);
    Await.until("releases delivered", 60, () -> shop.pendingOutbox() == 0);
    assertEquals("released", shop.reservationStatus(failed));
    assertEquals(9, shop.stock(product));
    Await.until("checkout works again", 30, () -> shop.place(user, TestShop.body(product, 2)).status() == 201);
    assertEquals(7, shop.stock(product));
  }
}
