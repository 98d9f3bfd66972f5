package shop.order;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import shop.testing.Api;
import shop.testing.ShopDatabase;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Issue 12 item 4: an order total that would not fit DECIMAL(12,2) is a clear 422 and writes nothing. */
@ExtendWith(VertxExtension.class)
class OrderMoneyLimitTest {

  @RegisterExtension
  static final ShopDatabase DB = new ShopDatabase();

  static final double MAX = 9_999_999_999.99;

  static TestShop shop;

  @BeforeAll
  static void deploy(Vertx vertx) {
    shop = TestShop.start(vertx, DB, new JsonObject(), 1);
  }

  /** 422 {@code amount_too_large} with the limit, and no trace of the order. */
  private static void assertRefused(long user, Api.Reply r) {
    assertEquals(422, r.status(), r.toString());
    assertEquals("amount_too_large", r.code());
    assertEquals(MAX, r.json().getDouble("max"));
    assertEquals(0, shop.count("SELECT COUNT(*) FROM orders WHERE user_id = ?", user),
      "the product service's refusal: nothing written");
    assertEquals(0, shop.count("SELECT COUNT(*) FROM order_items i JOIN orders o ON o.id = i.order_id "
      + "WHERE o.user_id = ?", user));
    assertEquals(0, shop.count("SELECT COUNT(*) FROM outbox x JOIN orders o ON x.event_id IN "
      + "(CONCAT('order_created:', o.id), CONCAT('reservation_release:', o.id)) WHERE o.user_id = ?", user),
      "no email queued, nothing to release");
    assertEquals(0, shop.orders.get("/orders/user/" + user, shop.secrets.customer(user)).array().size());
  }

  @Test
  @DisplayName("two units at 9,999,999,999.99: 422 amount_too_large, no order, stock never taken")
  void twoUnitsAtTheLargestPriceAre422() {
    long product = shop.createProduct("Yacht", MAX, 5);
    long user = 70_001;
    assertRefused(user, shop.place(user, TestShop.body(product, 2)));
    assertEquals(5, shop.stock(product), "the reservation was never taken");
  }

  @Test
  @DisplayName("lines that each fit but together do not are refused too, all lines or none")
  void aSumOverTheLimitIs422() {
    long big = shop.createProduct("Island", 6_000_000_000.0, 3);
    long other = shop.createProduct("Castle", 4_000_000_000.0, 3);
    long user = 70_002;
    JsonObject body = new JsonObject().put("items", new JsonArray()
      .add(new JsonObject().put("product_id", other).put("quantity", 1))
      .add(new JsonObject().put("product_id", big).put("quantity", 1)));
    assertRefused(user, shop.place(user, body));
    assertEquals(3, shop.stock(big));
    assertEquals(3, shop.stock(other));
  }

  @Test
  @DisplayName("an order of exactly the largest amount is accepted")
  void theLargestAmountFits() {
    long product = shop.createProduct("Rocket", MAX, 1);
    long user = 70_003;
    Api.Reply r = shop.place(user, TestShop.body(product, 1));
    assertEquals(201, r.status(), r.toString());
    assertEquals(MAX, r.json().getDouble("total_amount"));
    assertEquals(0, shop.stock(product));
  }
}
