package shop.product;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import shop.common.db.Database;
import shop.testing.Api;
import shop.testing.Await;
import shop.testing.ShopDatabase;
import shop.testing.TestSecrets;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class ReservationTest {

  @RegisterExtension
  static final ShopDatabase DB = new ShopDatabase();

  static final AtomicLong ORDER_IDS = new AtomicLong(1000);
  static Api api;
  static TestSecrets secrets;
  static Pool pool;

  @BeforeAll
  static void deploy(Vertx vertx) {
    secrets = new TestSecrets(vertx);
    JsonObject conf = DB.config().mergeIn(secrets.config()).put("PORT", 0).put("RESERVATION_SWEEP_MS", 0);
    ProductVerticle verticle = new ProductVerticle();
    Await.result(vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(conf)));
    api = new Api(vertx, verticle.port());
    pool = Database.pool(vertx, DB.db());
  }

  private static long product(int stock) {
    Api.Reply r = api.post("/products", secrets.admin(), new JsonObject().put("name", "P").put("price", 10.5)
      .put("stock", stock));
    assertEquals(201, r.status());
    return r.json().getLong("id");
  }

  private static int stock(long id) {
    return api.get("/products/" + id).json().getInteger("stock");
  }

  private static JsonObject reservation(long orderId, long... productQty) {
    JsonArray items = new JsonArray();
    for (int i = 0; i < productQty.length; i += 2) {
      items.add(new JsonObject().put("product_id", productQty[i]).put("quantity", productQty[i + 1]));
    }
    return new JsonObject().put("order_id", orderId).put("items", items);
  }

  @Test
  void reserveCommitRelease() {
    long a = product(10);
    long b = product(5);
    long order = ORDER_IDS.incrementAndGet();
    Api.Reply r = api.post("/reservations", secrets.service(), reservation(order, b, 2, a, 3, a, 1));
    assertEquals(201, r.status(), r.toString());
    JsonObject body = r.json();
    assertEquals("reserved", body.getString("status"));
    assertNotNull(body.getString("expires_at"));
    assertTrue(body.getString("expires_at").endsWith("Z"));
    JsonArray lines = body.getJsonArray("lines");
    assertEquals(2, lines.size(), "duplicate product lines are merged");
    assertEquals(a, lines.getJsonObject(0).getLong("product_id"));
    assertEquals(4, lines.getJsonObject(0).getInteger("quantity"));
    assertEquals(10.5, lines.getJsonObject(0).getDouble("unit_price"));
    assertEquals("P", lines.getJsonObject(0).getString("name"));
    assertEquals(6, stock(a));
    assertEquals(3, stock(b));

    Api.Reply replay = api.post("/reservations", secrets.service(), reservation(order, a, 4, b, 2));
    assertEquals(201, replay.status());
    assertEquals(body, replay.json());
    assertEquals(6, stock(a), "a replay takes no more stock");
    assertEquals(409, api.post("/reservations", secrets.service(), reservation(order, a, 1)).status());

    assertEquals(200, api.post("/reservations/" + order + "/commit", secrets.service(), null).status());
    assertEquals("committed", api.post("/reservations/" + order + "/commit", secrets.service(), null).json()
      .getString("status"));
    assertEquals(6, stock(a));

    assertEquals(200, api.delete("/reservations/" + order, secrets.service()).status());
    assertEquals(10, stock(a));
    assertEquals(5, stock(b));
    Api.Reply twice = api.delete("/reservations/" + order, secrets.service());
    assertEquals(200, twice.status());
    assertEquals(10, stock(a), "stock returns once");
    Api.Reply commitReleased = api.post("/reservations/" + order + "/commit", secrets.service(), null);
    assertEquals(409, commitReleased.status());
    assertEquals("reservation_released", commitReleased.code());
  }

  @Test
  void allLinesOrNone() {
    long a = product(5);
    long b = product(1);
    Api.Reply r = api.post("/reservations", secrets.service(), reservation(ORDER_IDS.incrementAndGet(), a, 2, b, 2));
    assertEquals(409, r.status());
    assertEquals("insufficient_stock", r.code());
    assertEquals(b, r.json().getLong("product_id"));
    assertEquals(5, stock(a));
    assertEquals(1, stock(b));
    Api.Reply unknown = api.post("/reservations", secrets.service(),
      reservation(ORDER_IDS.incrementAndGet(), a, 1, 99999999, 1));
    assertEquals(404, unknown.status());
    assertEquals("product_not_found", unknown.code());
    assertEquals(99999999L, unknown.json().getLong("product_id"));
    assertEquals(5, stock(a));
  }

  @Test
  void releaseBeforeReserveBlocksALateReservation() {
    long a = product(5);
    long order = ORDER_IDS.incrementAndGet();
    assertEquals(200, api.delete("/reservations/" + order, secrets.service()).status());
    Api.Reply late = api.post("/reservations", secrets.service(), reservation(order, a, 1));
    assertEquals(409, late.status());
    assertEquals("reservation_released", late.code());
    assertEquals(5, stock(a));
  }

  @Test
  void onlyServicesReserveAndInputIsChecked() {
    long a = product(5);
    JsonObject ok = reservation(ORDER_IDS.incrementAndGet(), a, 1);
    assertEquals(401, api.post("/reservations", null, ok).status());
    assertEquals(403, api.post("/reservations", secrets.customer(3), ok).status());
    assertEquals(403, api.post("/reservations", secrets.admin(), ok).status());
    JsonObject[] bad = {
      new JsonObject().put("items", new JsonArray()),
      new JsonObject().put("order_id", 5).put("items", new JsonArray()),
      reservation(ORDER_IDS.incrementAndGet(), a, 0),
      reservation(ORDER_IDS.incrementAndGet(), a, 1001),
      new JsonObject().put("order_id", "x").put("items", new JsonArray().add(new JsonObject().put("product_id", a)
        .put("quantity", 1))),
      new JsonObject().put("order_id", 7).put("items", new JsonArray().add("nope")),
    };
    for (JsonObject body : bad) {
      Api.Reply r = api.post("/reservations", secrets.service(), body);
      assertEquals(400, r.status(), body + " -> " + r);
    }
    assertEquals(5, stock(a));
    assertEquals(400, api.post("/reservations/abc/commit", secrets.service(), null).status());
    assertEquals(404, api.post("/reservations/424242/commit", secrets.service(), null).status());
  }

  @Test
  void twoHundredConcurrentReservationsNeverOversell() {
    long a = product(10);
    List<Future<Api.Reply>> all = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      all.add(api.send(HttpMethod.POST, "/reservations", secrets.service(),
        reservation(ORDER_IDS.incrementAndGet(), a, 1), null));
    }
    Await.result(Future.join(new ArrayList<>(all)), 120);
    int created = 0;
    int conflicts = 0;
    for (Future<Api.Reply> f : all) {
      int s = f.result().status();
      if (s == 201) {
        created++;
      } else if (s == 409) {
        conflicts++;
        assertEquals("insufficient_stock", f.result().code());
      }
    }
    assertEquals(10, created);
    assertEquals(190, conflicts);
    assertEquals(0, stock(a));
  }

  @Test
  void multiLineReservationsInRandomOrderConserveStockWithoutServerErrors() {
    int products = 4;
    int initial = 40;
    long[] ids = new long[products];
    for (int i = 0; i < products; i++) {
      ids[i] = product(initial);
    }
    Random random = new Random(42);
    List<Future<Api.Reply>> all = new ArrayList<>();
    List<JsonObject> bodies = new ArrayList<>();
    for (int n = 0; n < 80; n++) {
      List<Long> order = new ArrayList<>();
      for (long id : ids) {
        order.add(id);
      }
      Collections.shuffle(order, random);
      JsonArray items = new JsonArray();
      order.subList(0, 2 + random.nextInt(products - 1))
        .forEach(id -> items.add(new JsonObject().put("product_id", id).put("quantity", 1 + random.nextInt(2))));
      JsonObject body = new JsonObject().put("order_id", ORDER_IDS.incrementAndGet()).put("items", items);
      bodies.add(body);
      all.add(api.send(HttpMethod.POST, "/reservations", secrets.service(), body, null));
    }
    Await.result(Future.join(new ArrayList<>(all)), 120);
    long[] taken = new long[products];
    for (int n = 0; n < all.size(); n++) {
      Api.Reply r = all.get(n).result();
      assertTrue(r.status() == 201 || r.status() == 409, "no 5xx: " + r);
      if (r.status() == 201) {
        for (Object o : bodies.get(n).getJsonArray("items")) {
          JsonObject it = (JsonObject) o;
          for (int i = 0; i < products; i++) {
            if (ids[i] == it.getLong("product_id")) {
              taken[i] += it.getInteger("quantity");
            }
          }
        }
      }
    }
    for (int i = 0; i < products; i++) {
      assertEquals(initial - taken[i], stock(ids[i]), "stock of product " + ids[i] + " is conserved");
      assertTrue(stock(ids[i]) >= 0);
    }
  }

  @Test
  void expiredReservationsReturnStockExactlyOnceWithConcurrentSweepers(Vertx vertx) {
    long a = product(20);
    List<Long> orders = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      long order = ORDER_IDS.incrementAndGet();
      orders.add(order);
      assertEquals(201, api.post("/reservations", secrets.service(), reservation(order, a, 2)).status());
    }
    assertEquals(4, stock(a));
    long committed = orders.get(0);
    api.post("/reservations/" + committed + "/commit", secrets.service(), null);
    Await.result(pool.preparedQuery("UPDATE reservations SET expires_at = UTC_TIMESTAMP(3) - INTERVAL 1 SECOND")
      .execute(Tuple.tuple()));
    Pool other = Database.pool(vertx, DB.db());
    Reservations a1 = new Reservations(vertx, pool, new ReservationRepository(pool), new SimpleMeterRegistry());
    Reservations a2 = new Reservations(vertx, other, new ReservationRepository(other), new SimpleMeterRegistry());
    List<Future<Integer>> sweeps = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      sweeps.add(a1.sweepExpired());
      sweeps.add(a2.sweepExpired());
    }
    Await.result(Future.join(new ArrayList<>(sweeps)));
    int released = sweeps.stream().mapToInt(Future::result).sum();
    assertEquals(7, released, "every expired reservation is released by exactly one sweeper");
    assertEquals(18, stock(a), "the committed reservation keeps its 2");
    assertEquals(0, Await.result(a1.sweepExpired()));
  }
}
