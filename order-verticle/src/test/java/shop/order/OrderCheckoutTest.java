package shop.order;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
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

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class OrderCheckoutTest {

  @RegisterExtension
  static final ShopDatabase DB = new ShopDatabase();

  static TestShop shop;

  @BeforeAll
  static void deploy(Vertx vertx) {
    // 100 checkouts queue on one product row; on a loaded shared CI box that can outlast the 3 s
    // production timeout, and this class is about never overselling, not about latency
    shop = TestShop.start(vertx, DB, new JsonObject().put("PRODUCT_TIMEOUT_MS", 20_000), 1);
  }

  @Test
  @DisplayName("100 concurrent orders for 10 in stock: exactly 10 are created, 90 are 409, stock ends at 0")
  void concurrentOrdersNeverOversell() {
    long product = shop.createProduct("Limited edition", 999, 10);
    List<Future<Api.Reply>> sent = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      sent.add(shop.orders.send(HttpMethod.POST, "/orders", shop.secrets.customer(5_000 + i),
        TestShop.body(product, 1), null));
    }
    Await.result(Future.join(sent), 120);
    long created = sent.stream().filter(f -> f.result().status() == 201).count();
    long refused = sent.stream().filter(f -> f.result().status() == 409).count();
    assertEquals(10, created, "created");
    assertEquals(90, refused, "refused");
    assertTrue(sent.stream().filter(f -> f.result().status() == 409)
      .allMatch(f -> "insufficient_stock".equals(f.result().code())
        && f.result().json().getLong("product_id") == product));
    assertEquals(0, shop.stock(product));
    assertEquals(10, shop.count("SELECT COUNT(*) FROM orders o JOIN order_items i ON i.order_id = o.id "
      + "WHERE i.product_id = ? AND o.status = 'pending'", product));
    // the order row is written once, as the pending order; the 90 refusals wrote nothing
    assertEquals(10, shop.count("SELECT COUNT(*) FROM orders WHERE user_id BETWEEN 5000 AND 5099"));
  }

  @Test
  void replayingAnIdempotencyKeyAnswersTheFirstOrder() {
    long product = shop.createProduct("Kettle", 30, 50);
    long user = 7_001;
    JsonObject body = TestShop.body(product, 2);
    Api.Reply first = shop.placeWithKey(user, "checkout-1", body);
    assertEquals(201, first.status(), first.toString());
    Api.Reply replay = shop.placeWithKey(user, "checkout-1", body);
    assertEquals(201, replay.status());
    assertEquals("true", replay.header("Idempotent-Replayed"));
    assertEquals(first.json().getLong("id"), replay.json().getLong("id"));
    assertEquals(48, shop.stock(product), "the replay reserved nothing");

    Api.Reply reused = shop.placeWithKey(user, "checkout-1", TestShop.body(product, 3));
    assertEquals(422, reused.status(), reused.toString());
    assertEquals(48, shop.stock(product));

    Api.Reply otherUser = shop.placeWithKey(user + 1, "checkout-1", body);
    assertEquals(201, otherUser.status(), "keys are per user");
    assertTrue(otherUser.json().getLong("id") != first.json().getLong("id"));
  }

  @Test
  @DisplayName("a double click with one Idempotency-Key creates one order")
  void doubleClickCreatesOneOrder() {
    long product = shop.createProduct("Toaster", 40, 50);
    long user = 7_100;
    MultiMap key = MultiMap.caseInsensitiveMultiMap().add("Idempotency-Key", "double-click");
    List<Future<Api.Reply>> clicks = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      clicks.add(shop.orders.send(HttpMethod.POST, "/orders", shop.secrets.customer(user), TestShop.body(product, 1), key));
    }
    Await.result(Future.join(clicks));
    assertTrue(clicks.stream().anyMatch(f -> f.result().status() == 201));
    assertTrue(clicks.stream().allMatch(f -> f.result().status() == 201 || f.result().status() == 409),
      clicks.stream().map(f -> f.result().toString()).toList().toString());
    assertEquals(1, shop.count("SELECT COUNT(*) FROM orders WHERE user_id = ? AND status = 'pending'", user));
    assertEquals(49, shop.stock(product));
  }
}
