package shop.common.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import shop.common.auth.Auth;
import shop.common.config.ServiceUrl;
import shop.common.delivery.ClaimTable;
import shop.common.delivery.DeliveryEngine;

import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Delivers a service's outbox rows at least once: the {@link DeliveryEngine} over the outbox table,
 * with the {@link HttpSender} (a circuit breaker per destination, rejection handlers) and the
 * {@link OutboxLedger} (a round settled in a few statements). The rows of a round are sent
 * concurrently, so no order between them is promised (every receiver is idempotent and none
 * depends on another row first). Also keeps the backlog gauges ({@link OutboxBacklog}).
 */
public final class OutboxRelay {

  private final HttpSender sender;
  private final DeliveryEngine<OutboxRow> engine;
  private final OutboxBacklog backlog;

  public OutboxRelay(Vertx vertx, Pool pool, Auth auth, String serviceName, Map<String, ServiceUrl> destinations,
                     RelayOptions options, MeterRegistry registry) {
    ClaimTable<OutboxRow> table = OutboxRow.table(vertx, pool);
    String relayId = UUID.randomUUID().toString();
    this.sender = new HttpSender(vertx, auth, serviceName, destinations, options);
    this.engine = new DeliveryEngine<>(vertx, serviceName + " outbox", table,
      new OutboxLedger(vertx, pool, table, relayId, serviceName, registry), sender, options.delivery());
    this.backlog = new OutboxBacklog(vertx, pool, serviceName, registry);
  }

  /** What to do when {@code destination} refuses a message for good (the row is then marked rejected). */
  public OutboxRelay onRejected(String destination, Function<Rejection, Future<Void>> handler) {
    sender.onRejected(destination, handler);
    return this;
  }

  public OutboxRelay start() {
    backlog.start();
    engine.start();
    return this;
  }

  /** Stops polling; the future completes once a delivery round in progress has finished. */
  public Future<Void> stop() {
    backlog.stop();
    return engine.stop().onComplete(v -> sender.close());
  }

  /** Delivers what is due now without waiting for the next poll (e.g. right after a commit). */
  public void kick() {
    engine.kick();
  }

  /** One round: claims the due rows and tries each once; answers how many were delivered. */
  public Future<Integer> runOnce() {
    return engine.runOnce();
  }
}
