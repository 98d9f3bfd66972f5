package shop.order;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shop.testing.Api;
import shop.testing.Await;
import shop.testing.ShopDatabase;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 item 5: concurrent multi-line orders over a few products, lines in random order, must
 * never deadlock their way to a 503. In-stock orders are 201, out-of-stock ones 409, stock is conserved.
 */
@ExtendWith(VertxExtension.class)
class OrderContentionTest {

  private static final Logger LOG = LoggerFactory.getLogger(OrderContentionTest.class);
  private static final int ORDERS = 200;
  private static final int PRODUCTS = 6;

  @RegisterExtension
  static final ShopDatabase DB = new ShopDatabase();

  static TestShop shop;

  @BeforeAll
  static void deploy(Vertx vertx) {
    // many reservations in flight at once (four instances' worth of connections): with the old
    // per-line UPDATEs and INSERT … SELECT this deadlocked within a few runs
    JsonObject bigPool = new JsonObject().put("DB_POOL_SIZE", 24);
    shop = TestShop.start(vertx, DB, bigPool, bigPool, 1);
    // a cold JIT is not what this test measures
    long warm = shop.createProduct("Warm-up", 1, 1_000);
    for (int i = 0; i < 20; i++) {
      assertEquals(201, shop.place(40_000 + i, TestShop.body(warm, 1)).status());
    }
  }

  private record Placed(JsonObject body, Api.Reply reply) {
  }

  @Test
  @DisplayName("200 concurrent orders of 2-5 lines in random order, three rounds: no 5xx, in-stock 201, stock conserved")
  void multiLineOrdersUnderContention() {
    long seed = System.nanoTime();
    LOG.info("contention test seed {}", seed);
    Random random = new Random(seed);
    // two rounds where every order fits, one where the stock runs out part of the way
    int[] stocks = {2_000, 2_000, 60};
    for (int round = 0; round < stocks.length; round++) {
      int stock = stocks[round];
      List<Long> products = new ArrayList<>();
      for (int p = 0; p < PRODUCTS; p++) {
        products.add(shop.createProduct("Round " + round + " item " + p, 10 + p, stock));
      }
      long deadlocksBefore = deadlocks();
      List<Placed> placed = placeConcurrently(random, products, round);
      long deadlocked = deadlocks() - deadlocksBefore;

      List<Placed> fiveHundreds = placed.stream().filter(p -> p.reply().status() >= 500).toList();
      assertTrue(fiveHundreds.isEmpty(), "round " + round + " (seed " + seed + "): " + fiveHundreds.size()
        + " orders answered 5xx, first: " + (fiveHundreds.isEmpty() ? "" : fiveHundreds.get(0).reply()));
      Map<Long, Integer> sold = new HashMap<>();
      for (Placed p : placed) {
        int status = p.reply().status();
        if (status == 201) {
          assertEquals("pending", p.reply().json().getString("status"));
          for (Object o : p.body().getJsonArray("items")) {
            JsonObject item = (JsonObject) o;
            sold.merge(item.getLong("product_id"), item.getInteger("quantity"), Integer::sum);
          }
        } else {
          assertEquals(409, status, "round " + round + ": " + p.reply());
          assertEquals("insufficient_stock", p.reply().code());
          JsonObject err = p.reply().json();
          assertTrue(err.getInteger("available") < err.getInteger("requested"), err.encode());
        }
      }
      long created = placed.stream().filter(p -> p.reply().status() == 201).count();
      if (stock >= 2_000) {
        assertEquals(ORDERS, created, "round " + round + ": every order fits in stock");
      } else {
        assertTrue(created > 0 && created < ORDERS, "round " + round + ": some fit, some do not: " + created);
      }
      for (long product : products) {
        assertEquals(stock - sold.getOrDefault(product, 0), shop.stock(product),
          "round " + round + ": stock of product " + product + " conserved");
      }
      // each order row written once, as the pending order: no 'reserving' row, and a refusal writes nothing
      assertEquals(0, shop.count("SELECT COUNT(*) FROM orders WHERE status IN ('reserving', 'failed')"));
      LOG.info("round {}: {} created, {} refused, {} deadlocks", round, created, ORDERS - created, deadlocked);
      assertEquals(0, deadlocked, "round " + round + ": the reservations took their locks in one order");
    }
  }

  /** The server's deadlock count: every database of this test JVM lives on one server, and only this test runs. */
  private static long deadlocks() {
    return Await.result(shop.orderDb.query("SHOW GLOBAL STATUS LIKE 'Innodb_deadlocks'").execute())
      .iterator().next().getString(1).transform(Long::parseLong);
  }

  private static List<Placed> placeConcurrently(Random random, List<Long> products, int round) {
    List<JsonObject> bodies = new ArrayList<>();
    for (int i = 0; i < ORDERS; i++) {
      List<Long> shuffled = new ArrayList<>(products);
      Collections.shuffle(shuffled, random);
      JsonArray items = new JsonArray();
      for (long product : shuffled.subList(0, 2 + random.nextInt(4))) {
        items.add(new JsonObject().put("product_id", product).put("quantity", 1 + random.nextInt(3)));
      }
      bodies.add(new JsonObject().put("items", items));
    }
    List<Future<Api.Reply>> replies = new ArrayList<>();
    for (int i = 0; i < ORDERS; i++) {
      replies.add(shop.orders.send(HttpMethod.POST, "/orders", shop.secrets.customer(50_000 + round * 1_000L + i),
        bodies.get(i), null));
    }
    Await.result(Future.join(replies), 120);
    List<Placed> placed = new ArrayList<>();
    for (int i = 0; i < ORDERS; i++) {
      placed.add(new Placed(bodies.get(i), replies.get(i).result()));
    }
    return placed;
  }
}
