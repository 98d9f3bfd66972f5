package shop.order;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import shop.common.auth.Principal;
import shop.common.db.Database;
import shop.common.error.Conflict;
import shop.common.error.Expired;
import shop.common.error.Forbidden;
import shop.common.error.NotFound;
import shop.common.outbox.Outbox;
import shop.common.value.Listing;
import shop.common.value.Page;
import shop.common.value.Times;

import java.time.LocalDateTime;
import java.util.List;

/**
 * Orders once placed ({@link Checkout} places them): who may read and list them, and the state
 * machine every change goes through.
 */
final class OrderService {

  private final Vertx vertx;
  private final Pool pool;
  private final OrderRepository orders;
  private final ProductClient products;
  private final Runnable outboxKick;
  private final Counter cancelled;
  private final Counter expired;

  OrderService(Vertx vertx, Pool pool, OrderRepository orders, ProductClient products, Runnable outboxKick,
               MeterRegistry metrics) {
    this.vertx = vertx;
    this.pool = pool;
    this.orders = orders;
    this.products = products;
    this.outboxKick = outboxKick;
    this.cancelled = Counter.builder("shop_orders_cancelled_total").register(metrics);
    this.expired = Counter.builder("shop_orders_expired_total").register(metrics);
  }

  Future<Order> find(long orderId) {
    return orders.find(orderId).map(found -> found.orElseThrow(() -> notFound(orderId)));
  }

  /** The order if {@code who} may see it; someone else's order is as unknown as a missing one. */
  Future<Order> readable(Principal who, long orderId) {
    return find(orderId).map(order -> {
      if (!who.mayRead(order.userId())) {
        throw notFound(orderId);
      }
      return order;
    });
  }

  /** A user's orders, newest first: for the user and admins; anyone else is told there are none to see (404). */
  Future<Listing<Order>> forUser(Principal who, long userId, Page page) {
    if (!who.isAdmin() && (who.userId() == null || who.userId() != userId)) {
      return Future.failedFuture(new NotFound("No orders for user " + userId));
    }
    return orders.byUser(userId, page);
  }

  /** Every visible order, or those in {@code status} (a visible one), newest first. */
  Future<Listing<Order>> all(String status, Page page) {
    return orders.all(status, page);
  }

  /** An admin's or a service's move; {@code refunded} is for the payment service alone, which knows the money went back. */
  Future<Order> changeStatus(Principal who, long orderId, String target, String requestId) {
    if (OrderStatus.REFUNDED.equals(target) && !who.isService()) {
      return Future.failedFuture(new Forbidden("An order becomes refunded when its payment is refunded: "
        + "POST /payments/{payment_id}/refund"));
    }
    return find(orderId).compose(order -> moveTo(order, target, requestId));
  }

  /** The owner or an admin cancels; a service or another customer is told the order does not exist. */
  Future<Order> cancel(Principal who, long orderId, String requestId) {
    return find(orderId).compose(order -> {
      boolean owner = who.userId() != null && who.userId() == order.userId();
      return owner || who.isAdmin()
        ? moveTo(order, OrderStatus.CANCELLED, requestId)
        : Future.failedFuture(notFound(orderId));
    });
  }

  private static NotFound notFound(long orderId) {
    return new NotFound("Order " + orderId + " not found");
  }

  /** Why an order is cancelled: decides its email and whether its payment must be refunded. */
  private enum Cancel { ASKED, EXPIRED, PAYMENT_REFUNDED }

  /**
   * Moves an order along the state machine. Asking for the state it is already in answers the
   * order unchanged (the payment relay may confirm twice); a forbidden move is 409, and so is a
   * confirmation after the order's deadline ({@code order_expired}), even before the sweeper ran.
   */
  private Future<Order> moveTo(Order order, String target, String requestId) {
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
      case OrderStatus.CANCELLED -> cancelAs(order, Cancel.ASKED, at);
      default -> orders.transition(pool, order.id(), OrderStatus.sources(target), target, at);
    };
    // this request made the move: the order is the one read plus the move. Otherwise re-read:
    // a racing request may have made the same move (fine) or another one (409)
    return moved.compose(done -> done
      ? Future.succeededFuture(order.movedTo(target, at))
      : find(order.id()).compose(now -> now.status().equals(target)
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
      : cancelAs(order, Cancel.PAYMENT_REFUNDED, at);
    return moved.compose(done -> {
      if (done) {
        return Future.succeededFuture(order.movedTo(target, at));
      }
      // each race moves the order forward, and there are only so many states ahead
      return attempt >= OrderStatus.VISIBLE.size()
        ? Future.failedFuture(invalidTransition(order, OrderStatus.REFUNDED))
        : find(order.id()).compose(now -> paymentRefunded(now, attempt + 1));
    });
  }

  /** Cancels a pending order past its deadline; false when it was paid or cancelled meanwhile. */
  Future<Boolean> expire(Order order) {
    return cancelAs(order, Cancel.EXPIRED, Times.nowUtc()).onSuccess(done -> {
      if (done) {
        expired.increment();
      }
    });
  }

  /**
   * One conditional UPDATE decides; the winner queues the stock release and the email with it, and,
   * when a person cancelled, the refund of whatever paid for the order.
   */
  private Future<Boolean> cancelAs(Order order, Cancel reason, LocalDateTime at) {
    boolean expiry = reason == Cancel.EXPIRED;
    return Database.inTransaction(vertx, pool, tx -> (expiry
        ? orders.cancelExpired(tx, order.id(), at)
        : orders.transition(tx, order.id(), OrderStatus.sources(OrderStatus.CANCELLED), OrderStatus.CANCELLED, at))
        .compose(done -> done
          ? Outbox.enqueue(tx, reason == Cancel.ASKED
              ? List.of(OrderEvents.releaseReservation(order.id()), OrderEvents.cancelled(order, false),
                OrderEvents.refundPayment(order.id()))
              : List.of(OrderEvents.releaseReservation(order.id()), OrderEvents.cancelled(order, expiry)))
            .map(true)
          : Future.succeededFuture(false)))
      .onSuccess(done -> {
        if (done) {
          cancelled.increment();
          outboxKick.run();
        }
      });
  }

  private static Expired expired(Order order) {
    return new Expired("order_expired", "Order " + order.id() + " passed its payment deadline at "
      + Times.utc(order.expiresAt()) + " and can no longer be confirmed",
      new JsonObject().put("status", order.status()).put("expires_at", Times.utc(order.expiresAt())));
  }

  private static Conflict invalidTransition(Order order, String target) {
    return new Conflict("invalid_transition",
      "Order " + order.id() + " is " + order.status() + " and cannot become " + target,
      new JsonObject().put("status", order.status()).put("requested", target));
  }
}
