package shop.order;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import shop.common.db.DbConfig;
import shop.testing.Api;
import shop.testing.Await;
import shop.testing.ShopDatabase;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The order id blocks: a database with orders from the version before them is migrated past every
 * id it used, its stuck 'reserving' row is still swept, and allocators (two processes, or one
 * shared by many event loops) never hand out an id twice.
 */
@ExtendWith(VertxExtension.class)
class OrderIdsTest {

  @RegisterExtension
  static final ShopDatabase DB = new ShopDatabase();

  /** The last id the version before used (a 'reserving' row it left) and its AUTO_INCREMENT counter. */
  static final long LEGACY_RESERVING = 4_400;
  static final long LEGACY_COUNTER = 5_000;

  static TestShop shop;

  /** The database as the version before the id blocks left it: migrated to V1, orders in it. */
  @BeforeAll
  static void deployOnAnOldDatabase(Vertx vertx) throws SQLException {
    DbConfig db = DB.db();
    String url = "jdbc:mariadb://" + db.host() + ":" + db.port() + "/" + db.database();
    Flyway.configure().dataSource(url, db.user(), db.password()).locations("classpath:" + OrderVerticle.MIGRATIONS)
      .target("1").load().migrate();
    try (Connection c = DriverManager.getConnection(url, db.user(), db.password());
         Statement s = c.createStatement()) {
      String columns = "INSERT INTO orders (id, user_id, status, total_amount, currency, expires_at, created_at, "
        + "updated_at) VALUES ";
      s.executeUpdate(columns + "(4321, 41001, 'pending', 10.00, 'INR', UTC_TIMESTAMP(3) + INTERVAL 1 HOUR, "
        + "UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))");
      s.executeUpdate(columns + "(" + LEGACY_RESERVING + ", 41001, 'reserving', 0, 'INR', "
        + "UTC_TIMESTAMP(3) + INTERVAL 1 HOUR, UTC_TIMESTAMP(3) - INTERVAL 1 HOUR, UTC_TIMESTAMP(3) - INTERVAL 1 HOUR)");
      s.executeUpdate("ALTER TABLE orders AUTO_INCREMENT = " + LEGACY_COUNTER);
    }
    shop = TestShop.start(vertx, DB, new JsonObject().put("ORDER_SWEEP_MS", 200), 2);
  }

  @Test
  @DisplayName("migrated with orders in it: new ids start past the old counter, the old 'reserving' row is swept")
  void theMigrationStartsPastEveryOldId() {
    assertTrue(shop.count("SELECT next_id FROM order_id_block WHERE id = 1") >= LEGACY_COUNTER);
    long product = shop.createProduct("Clock", 15, 3);
    Api.Reply r = shop.place(41_002, TestShop.body(product, 1));
    assertEquals(201, r.status(), r.toString());
    assertTrue(r.json().getLong("id") >= LEGACY_COUNTER, r.toString());

    Await.until("the old checkout swept", 30,
      () -> shop.count("SELECT COUNT(*) FROM orders WHERE id = ? AND status = 'failed'", LEGACY_RESERVING) == 1);
    assertEquals(1, shop.count("SELECT COUNT(*) FROM outbox WHERE event_id = ?",
      "reservation_release:" + LEGACY_RESERVING));
    Await.until("its release delivered", 30, () -> "released".equals(shop.reservationStatus(LEGACY_RESERVING)));
  }

  @Test
  @DisplayName("two allocators (two processes) interleaved on one database never hand out the same id")
  void twoAllocatorsNeverOverlap() {
    OrderIds a = OrderIds.unshared();
    OrderIds b = OrderIds.unshared();
    List<Future<Long>> taken = new ArrayList<>();
    for (int i = 0; i < 350; i++) {
      taken.add(a.next(shop.orderDb));
      taken.add(b.next(shop.orderDb));
    }
    Await.result(Future.all(taken), 60);
    Set<Long> a1 = new HashSet<>();
    Set<Long> b1 = new HashSet<>();
    for (int i = 0; i < taken.size(); i++) {
      (i % 2 == 0 ? a1 : b1).add(taken.get(i).result());
    }
    assertEquals(350, a1.size(), "a handed out an id twice");
    assertEquals(350, b1.size(), "b handed out an id twice");
    Set<Long> both = new HashSet<>(a1);
    both.retainAll(b1);
    assertEquals(Set.of(), both);
  }

  @Test
  @DisplayName("one allocator shared by eight event loops: 2,000 concurrent ids, all distinct, one block taken at a time")
  void aSharedAllocatorUnderConcurrency(Vertx vertx) {
    OrderIds shared = OrderIds.unshared();
    long before = shop.count("SELECT next_id FROM order_id_block WHERE id = 1");
    List<Future<Long>> taken = new ArrayList<>();
    for (int c = 0; c < 8; c++) {
      Context context = vertx.getOrCreateContext();
      for (int i = 0; i < 250; i++) {
        Promise<Long> id = Promise.promise();
        context.runOnContext(v -> shared.next(shop.orderDb).onComplete(id));
        taken.add(id.future());
      }
    }
    Await.result(Future.all(taken), 60);
    Set<Long> ids = new HashSet<>();
    taken.forEach(f -> ids.add(f.result()));
    long after = shop.count("SELECT next_id FROM order_id_block WHERE id = 1");
    assertEquals(2_000, ids.size(), "an id was handed out twice");
    assertEquals(2_000, after - before, "one block at a time, each used to its end: 20 blocks");
    assertTrue(ids.stream().allMatch(id -> id >= before && id < after), "every id is from a block this test took");
  }
}
