package shop.product;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
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
import shop.common.value.Listing;
import shop.common.value.Page;
import shop.testing.Api;
import shop.testing.Await;
import shop.testing.ShopDatabase;
import shop.testing.TestSecrets;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The listing cache: served again only within its generation and its time to live; a write through
 * the service shows in the next listing, a write behind its back (another replica) once the time
 * to live has passed.
 */
@ExtendWith(VertxExtension.class)
class ListingCacheTest {

  @RegisterExtension
  static final ShopDatabase DB = new ShopDatabase();

  static Api api;
  static TestSecrets secrets;
  static Pool pool;

  @BeforeAll
  static void deploy(Vertx vertx) {
    secrets = new TestSecrets(vertx);
    api = TestProduct.deploy(vertx, DB, secrets, new JsonObject());
    pool = Database.pool(vertx, DB.db());
  }

  private static final Page FIRST = new Page(1, 20);

  @Test
  void servesAgainWithinItsGenerationAndTimeToLive() {
    AtomicLong now = new AtomicLong();
    AtomicInteger reads = new AtomicInteger();
    ListingCache cache = new ListingCache(500, now::get);
    Listing<Product> listing = new Listing<>(List.of(), 0);
    java.util.function.Supplier<Future<Listing<Product>>> read = () -> {
      reads.incrementAndGet();
      return Future.succeededFuture(listing);
    };
    assertSame(listing, Await.result(cache.get(null, FIRST, read)));
    Await.result(cache.get("  ", FIRST, read));
    assertEquals(1, reads.get(), "a blank query is the catalog, served from the cache");
    Await.result(cache.get("lamp", FIRST, read));
    assertEquals(2, reads.get(), "another query is another listing");
    now.addAndGet(499_000_000L);
    Await.result(cache.get(null, FIRST, read));
    assertEquals(2, reads.get());
    now.addAndGet(1_000_000L);
    Await.result(cache.get(null, FIRST, read));
    assertEquals(3, reads.get(), "read again once the time to live has passed");
    cache.invalidate();
    Await.result(cache.get(null, FIRST, read));
    assertEquals(4, reads.get(), "read again after a write");
  }

  @Test
  void aReadThatOverlapsAWriteIsNotServedAfterIt() {
    ListingCache cache = new ListingCache(500, () -> 0L);
    AtomicInteger reads = new AtomicInteger();
    Listing<Product> listing = new Listing<>(List.of(), 0);
    Await.result(cache.get(null, FIRST, () -> {
      reads.incrementAndGet();
      cache.invalidate(); // a write commits while this listing is being read
      return Future.succeededFuture(listing);
    }));
    Await.result(cache.get(null, FIRST, () -> {
      reads.incrementAndGet();
      return Future.succeededFuture(listing);
    }));
    assertEquals(2, reads.get());
  }

  @Test
  void disabledReadsEveryTime() {
    ListingCache cache = new ListingCache(0, () -> 0L);
    AtomicInteger reads = new AtomicInteger();
    for (int i = 0; i < 3; i++) {
      Await.result(cache.get(null, FIRST, () -> {
        reads.incrementAndGet();
        return Future.succeededFuture(new Listing<>(List.of(), 0));
      }));
    }
    assertEquals(3, reads.get());
  }

  private static long create(String name, int stock) {
    Api.Reply r = api.post("/products", secrets.admin(),
      new JsonObject().put("name", name).put("price", 10).put("stock", stock));
    assertEquals(201, r.status(), r.toString());
    return r.json().getLong("id");
  }

  private static JsonObject listed(String query, long id) {
    JsonArray rows = api.get("/products?q=" + query).array();
    for (int i = 0; i < rows.size(); i++) {
      if (rows.getJsonObject(i).getLong("id") == id) {
        return rows.getJsonObject(i);
      }
    }
    return null;
  }

  @Test
  void anAdminEditAndAReservationShowInTheNextListing() {
    long id = create("Cachedlamp", 5);
    assertEquals(5, listed("Cachedlamp", id).getInteger("stock"));
    assertEquals(200, api.put("/products/" + id, secrets.admin(), new JsonObject().put("price", 12.5)).status());
    assertEquals(12.5, listed("Cachedlamp", id).getDouble("price"));
    JsonObject reservation = new JsonObject().put("order_id", 880_001L)
      .put("items", new JsonArray().add(new JsonObject().put("product_id", id).put("quantity", 2)));
    assertEquals(201, api.post("/reservations", secrets.service(), reservation).status());
    assertEquals(3, listed("Cachedlamp", id).getInteger("stock"));
    assertEquals(200, api.delete("/reservations/880001", secrets.service()).status());
    assertEquals(5, listed("Cachedlamp", id).getInteger("stock"));
  }

  @Test
  void anotherReplicasEditShowsOnceTheTimeToLiveHasPassed() {
    long id = create("Replicadesk", 5);
    assertEquals("Replicadesk", listed("Replicadesk", id).getString("name"));
    // a write this process never saw, as another replica's would be
    Await.result(pool.preparedQuery("UPDATE products SET description = 'changed elsewhere' WHERE id = ?")
      .execute(Tuple.of(id)));
    Await.until("the other replica's edit in the listing", 10,
      () -> "changed elsewhere".equals(listed("Replicadesk", id).getString("description")));
  }
}
