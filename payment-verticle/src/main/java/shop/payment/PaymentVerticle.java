package shop.payment;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import shop.common.auth.Auth;
import shop.common.auth.Revocations;
import shop.common.config.Config;
import shop.common.db.Database;
import shop.common.http.Http;
import shop.common.http.Ops;
import shop.common.idempotency.Idempotency;
import shop.common.outbox.Outbox;
import shop.common.outbox.OutboxRelay;
import shop.common.outbox.RelayOptions;

import java.util.Map;

/** Wiring only: config → pool → relay → repository, client, checkout, refunds → routes → migrations → listen. */
public final class PaymentVerticle extends VerticleBase {

  private final MeterRegistry metrics;
  private Pool pool;
  private Revocations revocations;
  private OutboxRelay relay;
  private Router router;
  private HttpServer server;

  /** For tests and tools: the verticle's meters stay in a registry of its own, and {@code /metrics} answers 503. */
  public PaymentVerticle() {
    this(new SimpleMeterRegistry());
  }

  /** {@code metrics}: the process's registry, which {@code /metrics} scrapes. */
  public PaymentVerticle(MeterRegistry metrics) {
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    PaymentConfig cfg = PaymentConfig.from(config());
    pool = Database.pool(vertx, cfg.db());
    revocations = new Revocations(vertx, pool, config());
    Auth auth = Auth.create(vertx, config()).checking(revocations);
    relay = new OutboxRelay(vertx, pool, auth, cfg.name(),
      Map.of(PaymentEvents.ORDER, cfg.orderService(), PaymentEvents.NOTIFICATION, cfg.notificationService()),
      RelayOptions.from(config()));
    PaymentRepository payments = new PaymentRepository(pool);
    PaymentCounters counters = new PaymentCounters(metrics);
    OrderClient orders = new OrderClient(vertx, auth, cfg.name(), cfg.orderService(), cfg.orderTimeoutMs());
    Checkout checkout = new Checkout(vertx, pool, payments, orders, new Gateway(), counters, relay::kick);
    Refunds refunds = new Refunds(vertx, pool, payments, counters, relay::kick);
    relay.onRejected(PaymentEvents.ORDER, refunds::onOrderRejected);
    router = new PaymentRoutes(auth, new Payments(payments, orders), checkout, refunds, new Idempotency(pool),
      new CardFingerprint(Config.required(config(), "SECRET_KEY")))
      .mount(Ops.serviceRouter(vertx, pool, auth, PaymentRoutes.OPENAPI, metrics));
    return Database.migrate(vertx, cfg.db(), "db/payment")
      .compose(v -> Outbox.migrate(vertx, cfg.db()))
      .compose(v -> Idempotency.migrate(vertx, cfg.db()))
      .compose(v -> Revocations.migrate(vertx, cfg.db()))
      .compose(v -> revocations.start())
      .compose(v -> Http.listen(vertx, config(), cfg.name(), cfg.port(), router))
      .onSuccess(s -> {
        server = s;
        relay.start();
      });
  }

  @Override
  public Future<?> stop() {
    if (revocations != null) {
      revocations.stop();
    }
    Future<Void> relayStopped = relay == null ? Future.succeededFuture() : relay.stop();
    return relayStopped.eventually(() -> Http.drain(server))
      .eventually(() -> pool == null ? Future.succeededFuture() : pool.close());
  }

  /** The routes served, for the test that keeps {@code /openapi.json} true. */
  Router router() {
    return router;
  }

  /** The port actually bound (tests listen on port 0). */
  public int port() {
    return server.actualPort();
  }
}
