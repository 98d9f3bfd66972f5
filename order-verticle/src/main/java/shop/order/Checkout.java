package shop.order;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
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
import shop.common.value.Times;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;
import java.util.function.Function;

/**
 * The checkout saga: take an order id (no row yet, see {@link OrderIds}), reserve and price the
 * stock under it at the product service, then in one transaction insert the order, its lines and
 * its notification: the order row is written once. A refusal writes nothing. A checkout that
 * gives up after the reservation may exist writes a hidden 'failed' row under the id and queues
 * the release in the same transaction; the primary key admits the order or that row, never both,
 * so no order is left pending without stock and no stock is held without an order.
 */
final class Checkout {

  private static final Logger LOG = LoggerFactory.getLogger(Checkout.class);
  /** The longest wait between two tries of a give-up the database refused. */
  private static final long MAX_RETRY_MS = 30_000;

  private final Vertx vertx;
  private final Pool pool;
  private final OrderIds ids;
  private final OrderRepository orders;
  private final ProductClient products;
  private final OrderConfig cfg;
  private final Runnable outboxKick;
  private final Counter placed;

  Checkout(Vertx vertx, Pool pool, OrderIds ids, OrderRepository orders, ProductClient products, OrderConfig cfg,
           Runnable outboxKick, MeterRegistry metrics) {
    this.vertx = vertx;
    this.pool = pool;
    this.ids = ids;
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
    return ids.next(pool)
      .compose(id -> {
        Order draft = draft(id, who, request);
        return deadline.passed() ? Future.<Order>failedFuture(Deadline.tooLate())
          : products.reserve(id, request.lines(), requestId)
            // a refusal reserved nothing, and nothing was written under the id
            .recover(err -> ProductClient.definitive(err) ? Future.failedFuture(err) : giveUp(draft, err))
            .compose(lines -> deadline.passed() ? giveUp(draft, Deadline.tooLate()) : complete(draft, lines));
      })
      .onSuccess(order -> placed.increment());
  }

  /**
   * The order as it will be stored, before its lines are known. Its times come from this clock
   * (UTC, millisecond precision as stored) and are taken before the reservation, so the order's
   * deadline comes before the reservation's own expiry.
   */
  private Order draft(long id, Principal who, OrderRequest request) {
    LocalDateTime now = Times.nowUtc();
    return new Order(id, who.userId(), OrderStatus.PENDING, BigDecimal.ZERO, cfg.currency(),
      request.shippingAddress(), who.email(), now.plusSeconds(cfg.orderTtlSeconds()), now, now, List.of());
  }

  /**
   * Fails the checkout with {@code err} once its id is settled: a hidden 'failed' row and the
   * reservation's release queued. An outage (something did not answer) is answered at once and the
   * id settled behind the answer: with the database silent the settling is a second bounded wait
   * after the one that failed. Anything else waits for it.
   */
  private <T> Future<T> giveUp(Order draft, Throwable err) {
    Future<Boolean> settled = abandon(draft);
    // should it fail (the database unreachable), it is tried again behind the answer
    settled.onFailure(e -> abandonLater(draft, 1, e));
    boolean outage = !(err instanceof DomainException) || err instanceof Unavailable;
    return outage ? Future.failedFuture(err) : settled.transform(ar -> Future.failedFuture(err));
  }

  private Future<Order> complete(Order draft, List<PricedLine> lines) {
    String currency = lines.get(0).currency();
    if (lines.stream().anyMatch(l -> !currency.equals(l.currency()))) {
      return giveUp(draft, new Conflict("mixed_currency",
        "These products are priced in different currencies; order them separately"));
    }
    // the product service refuses such a reservation already; its answer is checked before it reaches a column
    BigDecimal total = PricedLine.sum(lines);
    if (total.compareTo(Money.MAX) > 0) {
      return giveUp(draft, Money.orderTotalTooLarge());
    }
    Order pending = new Order(draft.id(), draft.userId(), OrderStatus.PENDING, total, currency,
      draft.shippingAddress(), draft.userEmail(), draft.expiresAt(), draft.createdAt(), Times.nowUtc(), List.of());
    return Database.inTransaction(vertx, pool, tx -> orders.insert(tx, pending, lines)
        .compose(order -> Outbox.enqueue(tx, OrderEvents.created(order)).map(order)))
      .onSuccess(order -> outboxKick.run())
      .recover(err -> giveUp(draft, err));
  }

  /**
   * Gives up a checkout whose reservation may exist: a 'failed' row under its id plus a queued
   * release, in one transaction. False when the order was stored under the id after all (a commit
   * whose answer was lost): then nothing is released.
   */
  private Future<Boolean> abandon(Order draft) {
    return settle(draft.id(), tx -> orders.tombstone(tx, draft));
  }

  /**
   * Tries the give-up again a second later (after the first half minute doubling up to 30 s), until the order's own
   * deadline: a database back within that time gets the 'failed' row and the release, so the stock
   * comes back seconds after the outage instead of at the reservation's expiry. Past the deadline
   * (or should this process end first) the product service's expiry sweeper releases it.
   */
  private void abandonLater(Order draft, int attempt, Throwable last) {
    if (!Times.nowUtc().isBefore(draft.expiresAt())) {
      LOG.warn("order {} could not be given up before its deadline; its stock is held until the reservation "
        + "expires: {}", draft.id(), last.toString());
      return;
    }
    if (attempt == 1) {
      LOG.warn("order {} could not be given up now, trying again: {}", draft.id(), last.toString());
    }
    // every second for the first half minute (most outages are shorter), then doubling up to 30 s
    long delayMs = attempt <= 30 ? 1_000 : Math.min(MAX_RETRY_MS, 1_000L << Math.min(attempt - 30, 5));
    vertx.setTimer(delayMs, id -> abandon(draft).onFailure(e -> abandonLater(draft, attempt + 1, e)));
  }

  /**
   * Gives up a checkout an older version left 'reserving' (the sweeper's case): 'failed' plus a
   * queued release, in one transaction. False when the row had already been settled by someone else.
   */
  Future<Boolean> abort(long orderId) {
    return settle(orderId, tx -> orders.giveUp(tx, orderId));
  }

  private Future<Boolean> settle(long orderId, Function<SqlConnection, Future<Boolean>> claim) {
    return Database.settling(vertx, pool, tx -> claim.apply(tx).compose(claimed -> claimed
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
