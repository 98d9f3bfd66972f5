package shop.payment;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shop.common.db.Database;
import shop.common.error.Conflict;
import shop.common.error.NotFound;
import shop.common.outbox.Outbox;
import shop.common.outbox.Rejection;

import java.util.List;
import java.util.Optional;

/**
 * Refunds: by an admin (payment refunded; the order is told {@code refunded} and becomes
 * {@code cancelled} with its stock returned when it had not shipped, or {@code refunded} when its
 * goods had left; a refund email),
 * and automatically when the order service refuses to confirm a paid order (it expired or was
 * cancelled meanwhile): money is never kept for an order that will not ship.
 */
final class Refunds {

  private static final Logger LOG = LoggerFactory.getLogger(Refunds.class);

  private final Vertx vertx;
  private final Pool pool;
  private final PaymentRepository payments;
  private final PaymentCounters counters;
  private final Runnable afterCommit;

  Refunds(Vertx vertx, Pool pool, PaymentRepository payments, PaymentCounters counters, Runnable afterCommit) {
    this.vertx = vertx;
    this.pool = pool;
    this.payments = payments;
    this.counters = counters;
    this.afterCommit = afterCommit;
  }

  /** The admin refund: 404 unknown, 409 unless the payment is completed. */
  Future<Payment> refund(String paymentRef) {
    return Database.inTransaction(vertx, pool, tx -> locked(tx, paymentRef).compose(p -> {
      if (!p.completed()) {
        throw new Conflict("not_refundable", "Only a completed payment can be refunded; this one is " + p.status());
      }
      return payments.markRefunded(tx, p.id())
        .compose(v -> Outbox.enqueue(tx, List.of(PaymentEvents.orderStatus(p, PaymentEvents.ORDER_REFUNDED),
          PaymentEvents.email(p, PaymentEvents.REFUND))))
        .compose(v -> locked(tx, p.paymentId()));
    })).onSuccess(p -> {
      counters.refunded();
      LOG.info("payment {} for order {} refunded by an admin", p.paymentId(), p.orderId());
      afterCommit.run();
    });
  }

  /**
   * The order service cancelled {@code orderId} (a customer or an admin cancelled a paid order):
   * its payment is refunded once, with a refund email; the order is not told again. Empty when
   * nothing paid for the order.
   */
  Future<Optional<Payment>> refundCancelledOrder(long orderId) {
    return Database.inTransaction(vertx, pool, tx -> payments.lockPaidFor(tx, orderId).compose(paid -> {
      if (paid.isEmpty() || !paid.get().completed()) {
        return Future.succeededFuture(new Refunded(paid, false));
      }
      return refundUnshippable(tx, paid.get()).compose(v -> locked(tx, paid.get().paymentId()))
        .map(r -> new Refunded(Optional.of(r), true));
    })).map(r -> {
      if (r.now()) {
        counters.refunded();
        LOG.info("payment {} refunded: order {} was cancelled", r.payment().orElseThrow().paymentId(), orderId);
        afterCommit.run();
      }
      return r.payment();
    });
  }

  private record Refunded(Optional<Payment> payment, boolean now) {
  }

  /**
   * The relay's handler for a permanent refusal from the order service. A refused
   * {@code confirmed} (409: the order was cancelled or expired; 404: it is gone) refunds the
   * payment once; any other refusal is logged for a human.
   */
  Future<Void> onOrderRejected(Rejection rejection) {
    String eventId = rejection.message().eventId();
    String paymentId = PaymentEvents.paymentIdOfOrderEvent(eventId, "confirmed");
    if (paymentId == null || (rejection.status() != 409 && rejection.status() != 404)) {
      LOG.error("order service refused {} with HTTP {} {}: needs a look", eventId, rejection.status(),
        rejection.body().getString("code", ""));
      return Future.succeededFuture();
    }
    return Database.inTransaction(vertx, pool, tx -> locked(tx, paymentId)
        .compose(p -> p.completed() ? refundUnshippable(tx, p) : Future.succeededFuture(false)))
      .onSuccess(refunded -> {
        if (refunded) {
          counters.refunded();
          LOG.warn("order refused payment {} (HTTP {} {}): refunded automatically", paymentId, rejection.status(),
            rejection.body().getString("code", ""));
          afterCommit.run();
        }
      })
      .mapEmpty();
  }

  private Future<Payment> locked(SqlConnection tx, String paymentRef) {
    return payments.lock(tx, paymentRef)
      .map(found -> found.orElseThrow(() -> new NotFound("Payment " + paymentRef + " not found")));
  }

  private Future<Boolean> refundUnshippable(SqlConnection tx, Payment p) {
    return payments.markRefunded(tx, p.id())
      .compose(v -> Outbox.enqueue(tx, PaymentEvents.email(p, PaymentEvents.REFUND)))
      .map(true);
  }
}
