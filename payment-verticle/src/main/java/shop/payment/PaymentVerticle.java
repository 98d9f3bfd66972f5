package shop.payment;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import shop.common.ServiceCore;
import shop.common.config.Config;
import shop.common.idempotency.Idempotency;
import shop.common.outbox.Outbox;
import shop.common.outbox.OutboxRelay;
import shop.common.outbox.RelayOptions;

import java.util.Map;

/**
 * Wiring only: config → core (pool, auth) → relay → repository, order client, checkout, refunds →
 * routes → migrations → listen, then the relay.
 */
public final class PaymentVerticle extends VerticleBase {

  private final MeterRegistry metrics;
  private ServiceCore core;
  private OutboxRelay relay;

  /** For tests and tools: its meters stay in a registry of its own, and {@code /metrics} answers 503. */
  public PaymentVerticle() {
    this(new SimpleMeterRegistry());
  }

  public PaymentVerticle(MeterRegistry metrics) {
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    PaymentConfig cfg = PaymentConfig.from(config());
    core = new ServiceCore(vertx, config(), cfg.db(), metrics);
    Pool pool = core.pool();
    relay = new OutboxRelay(vertx, pool, core.auth(), cfg.name(),
      Map.of(PaymentEvents.ORDER, cfg.orderService(), PaymentEvents.NOTIFICATION, cfg.notificationService()),
      RelayOptions.from(config()), metrics);
    PaymentRepository payments = new PaymentRepository(pool);
    PaymentCounters counters = new PaymentCounters(metrics);
    OrderClient orders = new OrderClient(vertx, core.auth(), cfg.name(), cfg.orderService(), cfg.orderTimeoutMs());
    Checkout checkout = new Checkout(vertx, pool, payments, orders, new Gateway(), counters, relay::kick);
    Refunds refunds = new Refunds(vertx, pool, payments, counters, relay::kick);
    relay.onRejected(PaymentEvents.ORDER, refunds::onOrderRejected);
    Router router = new PaymentRoutes(core.auth(), new Payments(payments, orders), checkout, refunds, new Idempotency(pool),
      new CardFingerprint(Config.required(config(), "SECRET_KEY"))).mount(core.router(PaymentRoutes.OPENAPI));
    return core.migrate("db/payment", Outbox::migrate, Idempotency::migrate)
      .compose(v -> core.listen(cfg.name(), cfg.port(), router))
      .onSuccess(s -> relay.start());
  }

  @Override
  public Future<?> stop() {
    Future<Void> relayStopped = relay == null ? Future.succeededFuture() : relay.stop();
    return core == null ? relayStopped : relayStopped.eventually(core::stop);
  }

  /** The port actually bound (tests listen on port 0). */
  public int port() {
    return core.port();
  }
}
