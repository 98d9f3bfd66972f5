package shop.order;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import shop.common.auth.Auth;
import shop.common.auth.Revocations;
import shop.common.db.Database;
import shop.common.http.Http;
import shop.common.http.Ops;
import shop.common.idempotency.Idempotency;
import shop.common.outbox.Outbox;
import shop.common.outbox.OutboxRelay;
import shop.common.outbox.RelayOptions;

import java.util.Map;

/** Wiring only: config → pool → migrations → routes → listen, plus the outbox relay and the expiry sweeper. */
public final class OrderVerticle extends VerticleBase {

  /**
   * Not the usual db/migration: in one JVM (the launcher, these tests) every service's migrations
   * share the classpath, and Flyway would see the product service's V1 beside ours.
   */
  static final String MIGRATIONS = "db/order";

  private Pool pool;
  private Revocations revocations;
  private HttpServer server;
  private OutboxRelay relay;
  private OrderSweeper sweeper;
  private Router router;

  @Override
  public Future<?> start() {
    OrderConfig cfg = OrderConfig.from(config());
    pool = Database.pool(vertx, cfg.db());
    revocations = new Revocations(vertx, pool, config());
    Auth auth = Auth.create(vertx, config()).checking(revocations);
    relay = new OutboxRelay(vertx, pool, auth, "order-service", Map.of(
      OrderEvents.PRODUCT, cfg.productService(),
      OrderEvents.NOTIFICATION, cfg.notificationService(),
      OrderEvents.PAYMENT, cfg.paymentService()), RelayOptions.from(config()), Ops.registry());
    OrderRepository orders = new OrderRepository(pool);
    ProductClient products = new ProductClient(vertx, auth, cfg.productService(), cfg.productTimeoutMs());
    OrderService service = new OrderService(vertx, pool, orders, products, cfg, relay::kick);
    OrderRoutes routes = new OrderRoutes(vertx, pool, auth, orders, service);
    sweeper = new OrderSweeper(vertx, orders, service, cfg);
    router = routes.router();
    return Database.migrate(vertx, cfg.db(), MIGRATIONS)
      .compose(v -> Outbox.migrate(vertx, cfg.db()))
      .compose(v -> Idempotency.migrate(vertx, cfg.db()))
      .compose(v -> Revocations.migrate(vertx, cfg.db()))
      .compose(v -> revocations.start())
      .compose(v -> Http.listen(vertx, config(), cfg.port(), router))
      .onSuccess(s -> {
        server = s;
        relay.start();
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
    Future<Void> relayStopped = relay == null ? Future.succeededFuture() : relay.stop();
    return relayStopped.eventually(() -> Http.drain(server))
      .eventually(() -> pool == null ? Future.succeededFuture() : pool.close());
  }

  /** The routes served, for the test that keeps the OpenAPI document true. */
  Router router() {
    return router;
  }

  /** The port actually bound (tests listen on port 0). */
  public int port() {
    return server.actualPort();
  }
}
