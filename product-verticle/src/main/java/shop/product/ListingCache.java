package shop.product;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import shop.common.db.DbConfig;
import shop.common.value.Listing;
import shop.common.value.Page;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Catalog listings (the first pages, the searches) as last read, served again for at most
 * {@code ttlMs}. A listing costs two statements (the page and its {@code COUNT(*)}; a search scans
 * the table twice), a product lookup one: at a few thousand listings a second the database spends
 * more on the same few pages than on everything else.
 *
 * <p>Fresh within this process: every write this process serves (any request that is not a GET)
 * and every expiry sweep that released stock start a new generation, and a listing is served only
 * in the generation it was read in; a read that overlapped a write is not kept. A write served by
 * another process (a replica) shows here within {@code ttlMs} (500 ms by default: an admin's edit
 * is visible everywhere within a second). One cache per process and database, shared by the
 * verticle's instances.
 */
final class ListingCache implements Shareable {

  /** Distinct (query, page) listings kept at most; a client walking every page cannot grow it further. */
  static final int MAX_ENTRIES = 500;

  private record Key(String query, int page, int perPage) {
  }

  private record Entry(long generation, long readAtNanos, Listing<Product> listing) {
  }

  private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong generation = new AtomicLong();
  private final long ttlNanos;
  private final LongSupplier nanoClock;

  ListingCache(long ttlMs, LongSupplier nanoClock) {
    this.ttlNanos = ttlMs * 1_000_000L;
    this.nanoClock = nanoClock;
  }

  /** The process's cache for {@code db}: the verticle's instances share it, so a write on one event loop counts on all. */
  static ListingCache shared(Vertx vertx, DbConfig db, long ttlMs) {
    LocalMap<String, ListingCache> caches = vertx.sharedData().getLocalMap("shop.product.listing-cache");
    String key = db.host() + ":" + db.port() + "/" + db.database();
    ListingCache fresh = new ListingCache(ttlMs, System::nanoTime);
    ListingCache existing = caches.putIfAbsent(key, fresh);
    return existing == null ? fresh : existing;
  }

  /** The listing of {@code query} (null or blank: the catalog) at {@code page}, from the cache or {@code read}. */
  Future<Listing<Product>> get(String query, Page page, Supplier<Future<Listing<Product>>> read) {
    if (ttlNanos <= 0) {
      return read.get();
    }
    Key key = new Key(query == null ? "" : query.trim(), page.page(), page.perPage());
    long gen = generation.get();
    long now = nanoClock.getAsLong();
    Entry hit = entries.get(key);
    if (hit != null && hit.generation() == gen && now - hit.readAtNanos() < ttlNanos) {
      return Future.succeededFuture(hit.listing());
    }
    return read.get().onSuccess(listing -> {
      // kept under the generation it was read in: a write meanwhile has already made it unusable
      if (entries.size() >= MAX_ENTRIES) {
        entries.clear();
      }
      entries.put(key, new Entry(gen, now, listing));
    });
  }

  /** Something in the catalog changed (or may have): no listing read before now is served again. */
  void invalidate() {
    generation.incrementAndGet();
  }
}
