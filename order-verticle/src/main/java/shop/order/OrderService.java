package shop.order;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shop.common.auth.Principal;
import shop.common.db.Database;
import shop.common.http.ApiError;
import shop.common.http.Fields;
import shop.common.http.Ops;
import shop.common.http.Times;
import shop.common.outbox.Outbox;

import java.time.LocalDateTime;
import java.util.List;

/**
 * The checkout saga and the state machine. Checkout: insert a hidden 'reserving' row (the order
 * id), reserve and price the stock at the product service, then in one transaction store the
 * lines, make the order 'pending' and queue its notification. A checkout that cannot finish
 * turns the row 'failed', and when the reservation's fate is unknown queues its release in the
 * same transaction, so no order is left pending without stock and no stock is held without an order.
 */
final class OrderService {

  private static final Logger LOG = LoggerFactory.getLogger(OrderService.class);

  private final Vertx vertx;
  private final Pool pool;
  private final OrderRepository orders;
  private final ProductClient products;
  private final OrderConfig cfg;
  private final Runnable outboxKick;
  private final Counter created;
  private final Counter cancelled;
  private final Counter expired;

  OrderService(Vertx vertx, Pool pool, OrderRepository orders, ProductClient products, OrderConfig cfg,
               Runnable outboxKick) {
    this.vertx = vertx;
    this.pool = pool;
    this.orders = orders;
    this.products = products;
    this.cfg = cfg;
    this.outboxKick = outboxKick;
    // not "..._created_total": OpenMetrics reserves the _created suffix, and the exporter dropped it (shop_orders_total)
    this.created = Counter.builder("shop_orders_placed_total").register(Ops.registry());
    this.cancelled = Counter.builder("shop_orders_cancelled_total").register(Ops.registry());
    this.expired = Counter.builder("shop_orders_expired_total").register(Ops.registry());
  }

  Future<Order> place(Principal who, OrderRequest request, String requestId) {
    return orders.insertReserving(who.userId(), cfg.currency(), request.shippingAddress(), who.email(),
        cfg.orderTtlSeconds())
      .compose(draft -> products.reserve(draft.id(), request, requestId)
        .recover(err -> giveUp(draft.id(), err))
        .compose(lines -> complete(draft, lines)))
      .onSuccess(order -> created.increment());
  }

  private Future<List<ProductClient.PricedLine>> giveUp(long orderId, Throwable err) {
    Future<Boolean> settled = ProductClient.definitive(err) ? orders.giveUp(pool, orderId) : abort(orderId);
    return settled.transform(ar -> {
      if (ar.failed()) {
        // the row stays 'reserving'; the sweeper aborts it later
        LOG.warn("order {} could not be given up now: {}", orderId, ar.cause().toString());
      }
      return Future.failedFuture(err);
    });
  }

  private Future<Order> complete(Order draft, List<ProductClient.PricedLine> lines) {
    long orderId = draft.id();
    String currency = lines.get(0).currency();
    if (lines.stream().anyMatch(l -> !currency.equals(l.currency()))) {
      return abort(orderId).transform(ar -> Future.failedFuture(ApiError.conflict("mixed_currency",
        "These products are priced in different currencies; order them separately")));
    }
    // the product service refuses such a reservation already; its answer is checked before it reaches a column
    if (ProductClient.PricedLine.sum(lines).compareTo(Fields.MAX_MONEY) > 0) {
      return abort(orderId).transform(ar -> Future.failedFuture(ProductClient.amountTooLarge()));
    }
    return Database.inTransaction(vertx, pool, tx -> orders.complete(tx, draft, lines, currency)
        .compose(order -> order != null
          ? Outbox.enqueue(tx, OrderEvents.created(order)).map(order)
          : Future.failedFuture(ProductClient.unavailable())))
      .onSuccess(order -> outboxKick.run())
      .recover(err -> abort(orderId).transform(ar -> Future.failedFuture(err)));
  }

  /**
   * Gives up a checkout whose reservation may exist: 'reserving' → 'failed' plus a queued release,
   * in one transaction. False when the row had already been settled by someone else.
   */
  Future<Boolean> abort(long orderId) {
    return Database.inTransaction(vertx, pool, tx -> orders.giveUp(tx, orderId).compose(claimed -> claimed
        ? Outbox.enqueue(tx, OrderEvents.releaseReservation(orderId)).map(true)
        : Future.succeededFuture(false)))
      .onSuccess(claimed -> {
        if (claimed) {
          LOG.info("order {} checkout abandoned; its reservation will be released", orderId);
          outboxKick.run();
        }
      });
  }

  Future<Order> find(long orderId) {
    return orders.find(pool, orderId);
  }

  /** Why an order is cancelled: decides its email and whether its payment must be refunded. */
  private enum Cancel { ASKED, EXPIRED, PAYMENT_REFUNDED }

  /**
   * Moves an order along the state machine. Asking for the state it is already in answers the
   * order unchanged (the payment relay may confirm twice); a forbidden move is 409, and so is a
   * confirmation after the order's deadline ({@code order_expired}), even before the sweeper ran.
   */
  Future<Order> moveTo(Order order, String target, String requestId) {
    if (order.status().equals(target)) {
      return Future.succeededFuture(order);
    }
    if (OrderStatus.REFUNDED.equals(target)) {
      return paymentRefunded(order, 1);
    }
    if (!OrderStatus.allowed(order.status(), target)) {
      return Future.failedFuture(invalidTransition(order, target));
    }
    LocalDateTime at = Times.nowUtc();
    if (OrderStatus.CONFIRMED.equals(target) && order.pastDeadline(at)) {
      return Future.failedFuture(expired(order));
    }
    Future<Boolean> moved = switch (target) {
      case OrderStatus.CONFIRMED -> products.commit(order.id(), requestId)
        .compose(v -> orders.confirm(pool, order.id(), at));
      case OrderStatus.CANCELLED -> cancel(order, Cancel.ASKED, at);
      default -> orders.transition(pool, order.id(), OrderStatus.sources(target), target, at);
    };
    // this request made the move: the order is the one read plus the move. Otherwise re-read:
    // a racing request may have made the same move (fine) or another one (409)
    return moved.compose(done -> done
      ? Future.succeededFuture(order.movedTo(target, at))
      : orders.find(pool, order.id()).compose(now -> now.status().equals(target)
        ? Future.succeededFuture(now)
        : Future.failedFuture(OrderStatus.CONFIRMED.equals(target) && now.pastDeadline(Times.nowUtc())
          ? expired(now)
          : invalidTransition(now, target))));
  }

  /**
   * The payment service refunded the order's payment. Goods that left (shipped, delivered) stay
   * with the customer: the order becomes {@code refunded} and no stock returns. An order not shipped
   * yet is cancelled as usual, its stock returned, without asking the payment service for a refund
   * again. Already cancelled or refunded: nothing left to do. When a racing move (say confirmed →
   * shipped) beats this one, the order is read again and the decision made again.
   */
  private Future<Order> paymentRefunded(Order order, int attempt) {
    String status = order.status();
    if (OrderStatus.CANCELLED.equals(status) || OrderStatus.REFUNDED.equals(status)) {
      return Future.succeededFuture(order);
    }
    boolean shipped = OrderStatus.allowed(status, OrderStatus.REFUNDED);
    String target = shipped ? OrderStatus.REFUNDED : OrderStatus.CANCELLED;
    LocalDateTime at = Times.nowUtc();
    Future<Boolean> moved = shipped
      ? orders.transition(pool, order.id(), OrderStatus.sources(target), target, at)
      : cancel(order, Cancel.PAYMENT_REFUNDED, at);
    return moved.compose(done -> {
      if (done) {
        return Future.succeededFuture(order.movedTo(target, at));
      }
      // each race moves the order forward, and there are only so many states ahead
      return attempt >= OrderStatus.VISIBLE.size()
        ? Future.failedFuture(invalidTransition(order, OrderStatus.REFUNDED))
        : orders.find(pool, order.id()).compose(now -> paymentRefunded(now, attempt + 1));
    });
  }

  /** Cancels a pending order past its deadline; false when it was paid or cancelled meanwhile. */
  Future<Boolean> expire(Order order) {
    return cancel(order, Cancel.EXPIRED, Times.nowUtc()).onSuccess(done -> {
      if (done) {
        expired.increment();
      }
    });
  }

  /**
   * One conditional UPDATE decides; the winner queues the stock release and the email with it, and,
   * when a person cancelled, the refund of whatever paid for the order.
   */
  private Future<Boolean> cancel(Order order, Cancel reason, LocalDateTime at) {
    boolean expiry = reason == Cancel.EXPIRED;
    return Database.inTransaction(vertx, pool, tx -> (expiry
        ? orders.cancelExpired(tx, order.id(), at)
        : orders.transition(tx, order.id(), OrderStatus.sources(OrderStatus.CANCELLED), OrderStatus.CANCELLED, at))
        .compose(done -> done
          ? Outbox.enqueue(tx, OrderEvents.releaseReservation(order.id()))
            .compose(v -> Outbox.enqueue(tx, OrderEvents.cancelled(order, expiry)))
            .compose(v -> reason == Cancel.ASKED
              ? Outbox.enqueue(tx, OrderEvents.refundPayment(order.id()))
              : Future.<Void>succeededFuture())
            .map(true)
          : Future.succeededFuture(false)))
      .onSuccess(done -> {
        if (done) {
          cancelled.increment();
          outboxKick.run();
        }
      });
  }

  private static ApiError expired(Order order) {
    return new ApiError(409, "order_expired", "Order " + order.id() + " passed its payment deadline at "
      + Times.utc(order.expiresAt()) + " and can no longer be confirmed",
      new JsonObject().put("status", order.status()).put("expires_at", Times.utc(order.expiresAt())));
  }

  private static ApiError invalidTransition(Order order, String target) {
    return new ApiError(409, "invalid_transition",
      "Order " + order.id() + " is " + order.status() + " and cannot become " + target,
      new JsonObject().put("status", order.status()).put("requested", target));
  }
}
