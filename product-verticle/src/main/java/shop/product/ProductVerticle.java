package shop.product;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shop.common.auth.Auth;
import shop.common.auth.Revocations;
import shop.common.db.Database;
import shop.common.http.Http;
import shop.common.http.Ops;

/** Wiring only: config → pool → migrations → routes → listen, plus the reservation sweeper. */
public final class ProductVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ProductVerticle.class);

  private Pool pool;
  private Revocations revocations;
  private SqlClient reads;
  private HttpServer server;
  private long sweeper = -1;

  @Override
  public Future<?> start() {
    ProductConfig cfg = ProductConfig.from(config());
    pool = Database.pool(vertx, cfg.db());
    revocations = new Revocations(vertx, pool, config());
    Auth auth = Auth.create(vertx, config()).checking(revocations);
    reads = Database.readClient(vertx, cfg.db());
    ProductRoutes routes = new ProductRoutes(vertx, pool, reads, auth, cfg);
    Counter expired = Counter.builder("shop_reservations_expired_total")
      .description("reservations released by the expiry sweeper").register(Ops.registry());
    return Database.migrate(vertx, cfg.db(), "db/product")
      .compose(v -> Revocations.migrate(vertx, cfg.db()))
      .compose(v -> revocations.start())
      .compose(v -> Http.listen(vertx, config(), cfg.port(), routes.router()))
      .onSuccess(s -> {
        server = s;
        if (cfg.sweepIntervalMs() > 0) {
          sweeper = vertx.setPeriodic(cfg.sweepIntervalMs(), id -> routes.reservations().sweepExpired()
            .onSuccess(n -> {
              if (n > 0) {
                expired.increment(n);
                LOG.info("released {} expired reservations", n);
              }
            })
            .onFailure(err -> LOG.warn("reservation sweep failed: {}", err.toString())));
        }
      });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(sweeper);
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
