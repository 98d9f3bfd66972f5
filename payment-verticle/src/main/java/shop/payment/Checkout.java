package shop.payment;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shop.common.auth.Principal;
import shop.common.db.Database;
import shop.common.error.Conflict;
import shop.common.error.Declined;
import shop.common.error.Expired;
import shop.common.error.Invalid;
import shop.common.error.NotFound;
import shop.common.http.Deadline;
import shop.common.outbox.Outbox;
import shop.common.value.Money;

import java.time.Instant;
import java.util.List;

/**
 * Step 4 of the checkout saga: load the order, check owner, state and amount, run the gateway,
 * and store the payment with its outbox events in one transaction.
 */
final class Checkout {

  private static final Logger LOG = LoggerFactory.getLogger(Checkout.class);

  private final Vertx vertx;
  private final Pool pool;
  private final PaymentRepository payments;
  private final OrderClient orders;
  private final Gateway gateway;
  private final PaymentCounters counters;
  private final Runnable afterCommit;

  Checkout(Vertx vertx, Pool pool, PaymentRepository payments, OrderClient orders, Gateway gateway,
           PaymentCounters counters, Runnable afterCommit) {
    this.vertx = vertx;
    this.pool = pool;
    this.payments = payments;
    this.orders = orders;
    this.gateway = gateway;
    this.counters = counters;
    this.afterCommit = afterCommit;
  }

  /**
   * The completed payment. A declined one is stored too (with its email), and fails with
   * {@link Declined} carrying it; an order that cannot be paid fails before the gateway is asked.
   * Nothing is charged once the request's {@code deadline} has passed: it has been answered 503.
   */
  Future<Payment> pay(Principal payer, PaymentRequest req, String requestId, Deadline deadline) {
    Future<Order> order = orders.order(req.orderId(), requestId);
    Future<Boolean> paid = payments.orderPaid(req.orderId());
    return Future.all(order, paid)
      .compose(v -> {
        if (deadline.passed()) {
          return Future.failedFuture(Deadline.tooLate());
        }
        Order o = order.result();
        checkPayable(payer, req, o, paid.result());
        return store(new PaymentRepository.NewPayment(Gateway.paymentId(), o.id(), o.userId(), o.total(),
          o.currency(), req.method(), gateway.charge(req), payer.email()));
      })
      .map(p -> {
        counters.paid(p);
        if (!p.completed()) {
          LOG.info("request {} order {} payment {} declined: {}", requestId, p.orderId(), p.paymentId(), p.errorCode());
          throw new Declined(p.errorCode(), "Payment declined", p.toJson());
        }
        LOG.info("request {} order {} paid: {}", requestId, p.orderId(), p.paymentId());
        return p;
      });
  }

  private static void checkPayable(Principal payer, PaymentRequest req, Order order, boolean paid) {
    if (order.userId() != payer.userId()) {
      throw new NotFound("Order " + req.orderId() + " not found");
    }
    if (paid) {
      throw alreadyPaid(order.id());
    }
    if (!Order.PENDING.equals(order.status())) {
      throw new Conflict("order_not_payable", "Order " + order.id() + " is " + order.status()
        + " and cannot be paid", new JsonObject().put("status", order.status()));
    }
    // the order service cancels it at its next sweep; it would refuse the confirmation anyway
    if (order.pastDeadline(Instant.now())) {
      throw new Expired("order_expired", "Order " + order.id() + " passed its payment deadline at "
        + order.expiresAt() + " and can no longer be paid", new JsonObject().put("expires_at", order.expiresAt().toString()));
    }
    if (req.amount() != null && req.amount().compareTo(order.total()) != 0) {
      throw new Invalid("amount_mismatch", "The amount differs from the order total",
        new JsonObject().put("expected", Money.json(order.total())).put("currency", order.currency()));
    }
  }

  private static Conflict alreadyPaid(long orderId) {
    return new Conflict("already_paid", "Order " + orderId + " is already paid");
  }

  private Future<Payment> store(PaymentRepository.NewPayment p) {
    return Database.inTransaction(vertx, pool, tx -> payments.insert(tx, p).compose(saved -> events(tx, saved)))
      .recover(err -> Future.failedFuture(Database.isDuplicateKey(err) ? alreadyPaid(p.orderId()) : err))
      .onSuccess(saved -> afterCommit.run());
  }

  private static Future<Payment> events(SqlConnection tx, Payment p) {
    if (!p.completed()) {
      return Outbox.enqueue(tx, PaymentEvents.email(p, PaymentEvents.FAILED)).map(p);
    }
    return Outbox.enqueue(tx, List.of(PaymentEvents.orderStatus(p, "confirmed"),
      PaymentEvents.email(p, PaymentEvents.CONFIRMATION))).map(p);
  }
}
