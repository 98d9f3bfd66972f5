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
import shop.common.error.DomainException;
import shop.common.error.Unavailable;
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
   * is not also left with an order. An outage is answered at once ({@link #giveUp}).
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

  /**
   * Fails the checkout with {@code err} once its row is settled ({@code mayHaveReserved}: the
   * reservation's release is queued too). An outage (something did not answer) is answered at
   * once and the row settled behind the answer: with the database silent the settling is a second
   * bounded wait after the one that failed (6 s in all, measured). A refusal (no such product, not
   * enough stock) waits for it, so the customer's next look finds the order already gone.
   */
  private <T> Future<T> giveUp(long orderId, Throwable err, boolean mayHaveReserved) {
    Future<Boolean> settled = mayHaveReserved ? abort(orderId) : orders.giveUp(pool, orderId);
    // should it fail, the row stays 'reserving' and the sweeper aborts it later
    settled.onFailure(e -> LOG.warn("order {} could not be given up now: {}", orderId, e.toString()));
    boolean outage = !(err instanceof DomainException) || err instanceof Unavailable;
    return outage ? Future.failedFuture(err) : settled.transform(ar -> Future.failedFuture(err));
  }

  private Future<Order> complete(Order draft, List<PricedLine> lines) {
    long orderId = draft.id();
    String currency = lines.get(0).currency();
    if (lines.stream().anyMatch(l -> !currency.equals(l.currency()))) {
      return giveUp(orderId, new Conflict("mixed_currency",
        "These products are priced in different currencies; order them separately"), true);
    }
    // the product service refuses such a reservation already; its answer is checked before it reaches a column
    if (PricedLine.sum(lines).compareTo(Money.MAX) > 0) {
      return giveUp(orderId, Money.orderTotalTooLarge(), true);
    }
    return Database.inTransaction(vertx, pool, tx -> orders.complete(tx, draft, lines, currency)
        .compose(completed -> completed.isPresent()
          ? Outbox.enqueue(tx, OrderEvents.created(completed.get())).map(completed.get())
          : Future.failedFuture(ProductClient.unavailable())))
      .onSuccess(order -> outboxKick.run())
      .recover(err -> giveUp(orderId, err, true));
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
