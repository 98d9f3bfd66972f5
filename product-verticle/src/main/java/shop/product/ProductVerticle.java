package shop.product;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.SqlClient;
import shop.common.ServiceCore;
import shop.common.Sweeper;
import shop.common.db.Database;

/**
 * Wiring only: config → core (pool, auth) → read client → repositories → reservations → routes →
 * migrations → listen, then the sweeper.
 */
public final class ProductVerticle extends VerticleBase {

  private final MeterRegistry metrics;
  private ServiceCore core;
  private SqlClient reads;
  private Sweeper sweeper;

  /** For tests and tools: its meters stay in a registry of its own, and {@code /metrics} answers 503. */
  public ProductVerticle() {
    this(new SimpleMeterRegistry());
  }

  public ProductVerticle(MeterRegistry metrics) {
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    ProductConfig cfg = ProductConfig.from(config());
    core = new ServiceCore(vertx, config(), cfg.db(), metrics);
    reads = Database.readClient(vertx, cfg.db());
    Reservations reservations = new Reservations(vertx, core.pool(), new ReservationRepository(core.pool()), metrics);
    ProductRepository products = new ProductRepository(vertx, core.pool(), reads);
    ListingCache listings = ListingCache.shared(vertx, cfg.db(), cfg.listingCacheMs());
    Router router = new ProductRoutes(core.auth(), products, listings, reservations, cfg)
      .mount(core.router(ProductRoutes.OPENAPI));
    // released stock is a change of the catalog too
    sweeper = new Sweeper(vertx, "reservation sweep", cfg.sweepIntervalMs(),
      () -> reservations.sweepExpired().onSuccess(released -> {
        if (released > 0) {
          listings.invalidate();
        }
      }));
    return core.migrate("db/product")
      .compose(v -> core.listen(cfg.name(), cfg.port(), router))
      .onSuccess(s -> sweeper.start());
  }

  @Override
  public Future<?> stop() {
    if (sweeper != null) {
      sweeper.stop();
    }
    return core == null ? Future.succeededFuture() : core.stop().eventually(reads::close);
  }

  /** The port actually bound (tests listen on port 0). */
  public int port() {
    return core.port();
  }
}
