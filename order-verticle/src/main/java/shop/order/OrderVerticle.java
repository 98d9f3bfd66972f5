package shop.order;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import shop.common.ServiceCore;
import shop.common.Sweeper;
import shop.common.idempotency.Idempotency;
import shop.common.outbox.Outbox;
import shop.common.outbox.OutboxRelay;
import shop.common.outbox.RelayOptions;

import java.util.Map;

/**
 * Wiring only: config → core (pool, auth) → relay → repository, product client, checkout, service →
 * routes → migrations → listen, then the relay and the sweeper.
 */
public final class OrderVerticle extends VerticleBase {

  /**
   * Not the usual db/migration: in one JVM (the launcher, these tests) every service's migrations
   * share the classpath, and Flyway would see the product service's V1 beside ours.
   */
  static final String MIGRATIONS = "db/order";

  private final MeterRegistry metrics;
  private ServiceCore core;
  private OutboxRelay relay;
  private Sweeper sweeper;

  /** For tests and tools: its meters stay in a registry of its own, and {@code /metrics} answers 503. */
  public OrderVerticle() {
    this(new SimpleMeterRegistry());
  }

  public OrderVerticle(MeterRegistry metrics) {
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    OrderConfig cfg = OrderConfig.from(config());
    core = new ServiceCore(vertx, config(), cfg.db(), metrics);
    Pool pool = core.pool();
    relay = new OutboxRelay(vertx, pool, core.auth(), cfg.name(), Map.of(
      OrderEvents.PRODUCT, cfg.productService(),
      OrderEvents.NOTIFICATION, cfg.notificationService(),
      OrderEvents.PAYMENT, cfg.paymentService()), RelayOptions.from(config()), metrics);
    OrderRepository orders = new OrderRepository(pool);
    ProductClient products = new ProductClient(vertx, core.auth(), cfg.name(), cfg.productService(),
      cfg.productTimeoutMs());
    Checkout checkout = new Checkout(vertx, pool, OrderIds.of(cfg.db()), orders, products, cfg, relay::kick, metrics);
    OrderService service = new OrderService(vertx, pool, orders, products, relay::kick, metrics);
    sweeper = new Sweeper(vertx, "order sweep", cfg.sweepIntervalMs(),
      new OrderSweeper(orders, service, checkout, cfg)::sweep);
    Router router = new OrderRoutes(core.auth(), checkout, service, new Idempotency(pool))
      .mount(core.router(OrderRoutes.OPENAPI));
    return core.migrate(MIGRATIONS, Outbox::migrate, Idempotency::migrate)
      .compose(v -> core.listen(cfg.name(), cfg.port(), router))
      .onSuccess(s -> {
        relay.start();
        sweeper.start();
      });
  }

  @Override
  public Future<?> stop() {
    if (sweeper != null) {
      sweeper.stop();
    }
    Future<Void> relayStopped = relay == null ? Future.succeededFuture() : relay.stop();
    return core == null ? relayStopped : relayStopped.eventually(core::stop);
  }

  /** The port actually bound (tests listen on port 0). */
  public int port() {
    return core.port();
  }
}
