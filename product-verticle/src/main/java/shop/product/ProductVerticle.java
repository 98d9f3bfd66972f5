package shop.product;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import shop.common.Sweeper;
import shop.common.auth.Auth;
import shop.common.auth.Revocations;
import shop.common.db.Database;
import shop.common.http.Http;
import shop.common.http.Ops;

/** Wiring only: config → pools → repositories → reservations → routes → migrations → listen, then the sweeper. */
public final class ProductVerticle extends VerticleBase {

  private final MeterRegistry metrics;
  private Pool pool;
  private SqlClient reads;
  private Revocations revocations;
  private Sweeper sweeper;
  private HttpServer server;

  /** For tests and tools: the verticle's meters stay in a registry of its own, and {@code /metrics} answers 503. */
  public ProductVerticle() {
    this(new SimpleMeterRegistry());
  }

  /** {@code metrics}: the process's registry, which {@code /metrics} scrapes. */
  public ProductVerticle(MeterRegistry metrics) {
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    ProductConfig cfg = ProductConfig.from(config());
    pool = Database.pool(vertx, cfg.db());
    reads = Database.readClient(vertx, cfg.db());
    revocations = new Revocations(vertx, pool, config());
    Auth auth = Auth.create(vertx, config()).checking(revocations);
    Reservations reservations = new Reservations(vertx, pool, new ReservationRepository(pool), metrics);
    ProductRoutes routes = new ProductRoutes(auth, new ProductRepository(vertx, pool, reads), reservations, cfg);
    Router router = routes.mount(Ops.serviceRouter(vertx, pool, auth, ProductRoutes.OPENAPI, metrics));
    sweeper = new Sweeper(vertx, "reservation sweep", cfg.sweepIntervalMs(), reservations::sweepExpired);
    return Database.migrate(vertx, cfg.db(), "db/product")
      .compose(v -> Revocations.migrate(vertx, cfg.db()))
      .compose(v -> revocations.start())
      .compose(v -> Http.listen(vertx, config(), cfg.name(), cfg.port(), router))
      .onSuccess(s -> {
        server = s;
        sweeper.start();
      });
  }

  @Override
  public Future<?> stop() {
    if (sweeper != null) {
      sweeper.stop();
    }
    if (revocations != null) {
      revocations.stop();
    }
    return Http.drain(server)
      .eventually(() -> reads == null ? Future.succeededFuture() : reads.close())
      .eventually(() -> pool == null ? Future.succeededFuture() : pool.close());
  }

  /** The port actually bound (tests listen on port 0). */
  public int port() {
    return server.actualPort();
  }
}
