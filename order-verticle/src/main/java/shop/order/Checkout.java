package shop.order;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shop.common.auth.Principal;
import shop.common.db.Database;
import shop.common.error.Conflict;
import shop.common.http.Deadline;
import shop.common.outbox.Outbox;
import shop.common.value.Money;

import java.util.List;

/**
 * The checkout saga: insert a hidden 'reserving' row (the order id), reserve and price the stock
 * at the product service, then in one transaction store the lines, make the order 'pending' and
 * queue its notification. A checkout that cannot finish turns the row 'failed', and when the
 * reservation's fate is unknown queues its release in the same transaction, so no order is left
 * pending without stock and no stock is held without an order.
 */
final class Checkout {

  private static final Logger LOG = LoggerFactory.getLogger(Checkout.class);

  private final Vertx vertx;
  private final Pool pool;
  private final OrderRepository orders;
  private final ProductClient products;
  private final OrderConfig cfg;
  private final Runnable outboxKick;
  private final Counter placed;

  Checkout(Vertx vertx, Pool pool, OrderRepository orders, ProductClient products, OrderConfig cfg,
           Runnable outboxKick, MeterRegistry metrics) {
    this.vertx = vertx;
    this.pool = pool;
    this.orders = orders;
    this.products = products;
    this.cfg = cfg;
    this.outboxKick = outboxKick;
    // not "..._created_total": OpenMetrics reserves the _created suffix, and the exporter dropped it (shop_orders_total)
    this.placed = Counter.builder("shop_orders_placed_total").register(metrics);
  }

  /**
   * Places the order unless the request's {@code deadline} passes first: a checkout whose request
   * has been answered 503 gives up instead of going on, so the customer who was told "try again"
   * is not also left with an order.
   */
  Future<Order> place(Principal who, OrderRequest request, String requestId, Deadline deadline) {
    return orders.insertReserving(who.userId(), cfg.currency(), request.shippingAddress(), who.email(),
        cfg.orderTtlSeconds())
      .compose(draft -> deadline.passed() ? giveUp(draft.id(), Deadline.tooLate(), false)
        : products.reserve(draft.id(), request.lines(), requestId)
          .recover(err -> giveUp(draft.id(), err, !ProductClient.definitive(err)))
          .compose(lines -> deadline.passed() ? giveUp(draft.id(), Deadline.tooLate(), true) : complete(draft, lines)))
      .onSuccess(order -> placed.increment());
  }

  /** Settles a checkout that will not complete; {@code mayHaveReserved}: the reservation's release is queued too. */
  private <T> Future<T> giveUp(long orderId, Throwable err, boolean mayHaveReserved) {
    Future<Boolean> settled = mayHaveReserved ? abort(orderId) : orders.giveUp(pool, orderId);
    return settled.transform(ar -> {
      if (ar.failed()) {
        // the row stays 'reserving'; the sweeper aborts it later
        LOG.warn("order {} could not be given up now: {}", orderId, ar.cause().toString());
      }
      return Future.failedFuture(err);
    });
  }

  private Future<Order> complete(Order draft, List<PricedLine> lines) {
    long orderId = draft.id();
    String currency = lines.get(0).currency();
    if (lines.stream().anyMatch(l -> !currency.equals(l.currency()))) {
      return abort(orderId).transform(ar -> Future.failedFuture(new Conflict("mixed_currency",
        "These products are priced in different currencies; order them separately")));
    }
    // the product service refuses such a reservation already; its answer is checked before it reaches a column
    if (PricedLine.sum(lines).compareTo(Money.MAX) > 0) {
      return abort(orderId).transform(ar -> Future.failedFuture(Money.orderTotalTooLarge()));
    }
    return Database.inTransaction(vertx, pool, tx -> orders.complete(tx, draft, lines, currency)
        .compose(completed -> completed.isPresent()
          ? Outbox.enqueue(tx, OrderEvents.created(completed.get())).map(completed.get())
          : Future.failedFuture(ProductClient.unavailable())))
      .onSuccess(order -> outboxKick.run())
      .recover(err -> abort(orderId).transform(ar -> Future.failedFuture(err)));
  }

  /**
   * Gives up a checkout whose reservation may exist: 'reserving' → 'failed' plus a queued release,
   * in one transaction. False when the row had already been settled by someone else.
   */
  Future<Boolean> abort(long orderId) {
    return Database.settling(vertx, pool, tx -> orders.giveUp(tx, orderId).compose(claimed -> claimed
        ? Outbox.enqueue(tx, OrderEvents.releaseReservation(orderId)).map(true)
        : Future.succeededFuture(false)))
      .onSuccess(claimed -> {
        if (claimed) {
          LOG.info("order {} checkout abandoned; its reservation will be released", orderId);
          outboxKick.run();
        }
      });
  }
}
