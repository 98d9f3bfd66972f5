package shop.order;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import shop.common.db.Database;
import shop.common.db.DbConfig;
import shop.testing.Api;
import shop.testing.Await;
import shop.testing.ShopDatabase;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15: the order row is written once. Triggers (test-only) record every write to {@code orders}
 * and make chosen writes fail or chosen reservations slow, so the tests see what the checkout wrote
 * and what it does when the reservation's fate is unknown to it.
 */
@ExtendWith(VertxExtension.class)
class OrderWriteOnceTest {

  @RegisterExtension
  static final ShopDatabase DB = new ShopDatabase();

  static TestShop shop;
  static Pool productDb;

  @BeforeAll
  static void deploy(Vertx vertx) {
    shop = TestShop.start(vertx, DB, new JsonObject().put("PRODUCT_TIMEOUT_MS", 500), 2);
    productDb = Database.pool(vertx, DbConfig.from(shop.productConf, "unused"));
    run(shop.orderDb, "CREATE TABLE order_writes (order_id BIGINT NOT NULL, kind VARCHAR(8) NOT NULL, "
      + "status VARCHAR(16) NOT NULL)");
    run(shop.orderDb, "CREATE TRIGGER orders_inserted AFTER INSERT ON orders FOR EACH ROW "
      + "INSERT INTO order_writes VALUES (NEW.id, 'insert', NEW.status)");
    run(shop.orderDb, "CREATE TRIGGER orders_updated AFTER UPDATE ON orders FOR EACH ROW "
      + "INSERT INTO order_writes VALUES (NEW.id, 'update', NEW.status)");
    // the order service's database refuses a pending order shipped to 'refuse me' (after its stock is reserved)
    run(shop.orderDb, "CREATE TRIGGER orders_refuse BEFORE INSERT ON orders FOR EACH ROW "
      + "IF NEW.status = 'pending' AND NEW.shipping_address = 'refuse me' THEN "
      + "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by the test'; END IF");
    // 'refuse twice': the pending order is refused, and so is the 'failed' row while refuse_failed holds a row
    run(shop.orderDb, "CREATE TABLE refuse_failed (id INT PRIMARY KEY)");
    run(shop.orderDb, "CREATE TRIGGER orders_refuse_twice BEFORE INSERT ON orders FOR EACH ROW "
      + "IF NEW.shipping_address = 'refuse twice' AND (NEW.status = 'pending' OR EXISTS (SELECT 1 FROM refuse_failed)) "
      + "THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by the test'; END IF");
    // the product service takes 1.5 s to reserve a product named 'Slow…': the 500 ms call times out, then it commits
    run(productDb, "CREATE TRIGGER lines_slow BEFORE INSERT ON reservation_lines FOR EACH ROW "
      + "IF NEW.name LIKE 'Slow%' THEN SET @slept = SLEEP(1.5); END IF");
  }

  private static void run(Pool pool, String sql) {
    Await.result(pool.query(sql).execute());
  }

  private static List<String> writes(long orderId) {
    List<String> out = new ArrayList<>();
    Await.result(shop.orderDb.preparedQuery("SELECT kind, status FROM order_writes WHERE order_id = ?")
      .execute(Tuple.of(orderId))).forEach(r -> out.add(r.getString(0) + " " + r.getString(1)));
    return out;
  }

  /** The id of the user's one checkout, once it is settled as given up: its only row is 'failed'. */
  private static long givenUp(long user) {
    Await.until("the checkout settled", 10,
      () -> shop.count("SELECT COUNT(*) FROM orders WHERE user_id = ? AND status = 'failed'", user) == 1);
    assertEquals(1, shop.count("SELECT COUNT(*) FROM orders WHERE user_id = ?", user));
    return shop.count("SELECT id FROM orders WHERE user_id = ?", user);
  }

  private static long productCount(String sql, long arg) {
    return Await.result(productDb.preparedQuery(sql).execute(Tuple.of(arg))).iterator().next().getLong(0);
  }

  @Test
  @DisplayName("a placed order is one INSERT of a pending row: no 'reserving' row, no update")
  void theOrderRowIsWrittenOnce() {
    long product = shop.createProduct("Lamp", 40, 5);
    long user = 31_001;
    JsonObject body = TestShop.body(product, 2).put("shipping_address", "1 Main St");
    Api.Reply r = shop.place(user, body);
    assertEquals(201, r.status(), r.toString());
    long id = r.json().getLong("id");
    assertEquals(List.of("insert pending"), writes(id));
    assertEquals("pending", r.json().getString("status"));
    assertEquals(1, shop.count("SELECT COUNT(*) FROM order_items WHERE order_id = ?", id));
    assertEquals(1, shop.count("SELECT COUNT(*) FROM outbox WHERE event_id = ?", "order_created:" + id));
    assertEquals("reserved", shop.reservationStatus(id), "the stock is held under the order's id");
    assertEquals(3, shop.stock(product));
    // the order as stored is the order answered
    Api.Reply read = shop.orders.get("/orders/" + id, shop.secrets.customer(user));
    assertEquals(r.json().getString("created_at"), read.json().getString("created_at"));
    assertEquals(r.json().getString("expires_at"), read.json().getString("expires_at"));
    assertEquals(0, Double.compare(80.0, read.json().getDouble("total_amount")));
  }

  @Test
  @DisplayName("a refusal (no such product, not enough stock) writes nothing in the order database")
  void aRefusalWritesNothing() {
    long product = shop.createProduct("Rare print", 25, 1);
    long user = 31_002;
    long outboxBefore = shop.count("SELECT COUNT(*) FROM outbox");
    Api.Reply short1 = shop.place(user, TestShop.body(product, 2));
    assertEquals(409, short1.status(), short1.toString());
    Api.Reply unknown = shop.place(user, new JsonObject().put("items", new JsonArray()
      .add(new JsonObject().put("product_id", product).put("quantity", 1))
      .add(new JsonObject().put("product_id", 987_654).put("quantity", 1))));
    assertEquals(404, unknown.status(), unknown.toString());
    assertEquals(0, shop.count("SELECT COUNT(*) FROM orders WHERE user_id = ?", user));
    assertEquals(outboxBefore, shop.count("SELECT COUNT(*) FROM outbox"));
    assertEquals(1, shop.stock(product));
  }

  @Test
  @DisplayName("the order cannot be stored after its stock was reserved: a hidden 'failed' row, the stock released")
  void aFailureAfterTheReservationReleasesTheStock() {
    long product = shop.createProduct("Mug", 8, 4);
    long user = 31_003;
    Api.Reply r = shop.place(user, TestShop.body(product, 3).put("shipping_address", "refuse me"));
    assertTrue(r.status() >= 500, r.toString());
    // a database failure is answered at once and the id settled behind the answer
    long id = givenUp(user);
    assertEquals(List.of("insert failed"), writes(id), "the tombstone is the only row under the id");
    assertEquals(1, productCount("SELECT COUNT(*) FROM reservation_lines WHERE order_id = ?", id),
      "the stock had been reserved under the id");
    Await.until("the release delivered", 30, () -> "released".equals(shop.reservationStatus(id)));
    assertEquals(4, shop.stock(product));
    assertEquals(0, shop.orders.get("/orders/user/" + user, shop.secrets.customer(user)).array().size());
  }

  @Test
  @DisplayName("the reservation times out and commits later: the tombstone's queued release returns the stock")
  void anUnknownFateIsReleased() {
    long product = shop.createProduct("Slow cooker", 60, 6);
    long user = 31_004;
    Api.Reply r = shop.place(user, TestShop.body(product, 2));
    assertEquals(503, r.status(), r.toString());
    assertEquals(ProductClient.UNAVAILABLE, r.code());
    long id = givenUp(user);
    assertEquals(List.of("insert failed"), writes(id));
    Await.until("the release delivered", 30, () -> "released".equals(shop.reservationStatus(id)));
    assertEquals(1, productCount("SELECT COUNT(*) FROM reservation_lines WHERE order_id = ?", id),
      "the late reservation was made, then released");
    Await.until("the stock returned", 10, () -> shop.stock(product) == 6);
    assertEquals(0, shop.orders.get("/orders/user/" + user, shop.secrets.customer(user)).array().size());
  }

  @Test
  @DisplayName("the give-up itself refused (the database down): tried again until it lands, then the stock is released")
  void aRefusedGiveUpIsTriedAgain() throws InterruptedException {
    long product = shop.createProduct("Teapot", 30, 5);
    long user = 31_005;
    run(shop.orderDb, "INSERT INTO refuse_failed VALUES (1)");
    try {
      Api.Reply r = shop.place(user, TestShop.body(product, 2).put("shipping_address", "refuse twice"));
      assertTrue(r.status() >= 500, r.toString());
      Thread.sleep(2_500);
      assertEquals(0, shop.count("SELECT COUNT(*) FROM orders WHERE user_id = ?", user), "every try so far refused");
      assertEquals(3, shop.stock(product), "the stock is still held under the id");
    } finally {
      run(shop.orderDb, "DELETE FROM refuse_failed");
    }
    // the next try (at most 4 s after the last) lands: the 'failed' row, the queued release, the stock back
    long id = givenUp(user);
    assertEquals(List.of("insert failed"), writes(id));
    Await.until("the release delivered", 30, () -> "released".equals(shop.reservationStatus(id)));
    assertEquals(5, shop.stock(product));
  }
}
