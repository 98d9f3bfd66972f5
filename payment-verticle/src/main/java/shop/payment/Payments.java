package shop.payment;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import shop.common.auth.Principal;
import shop.common.error.NotFound;
import shop.common.value.Listing;
import shop.common.value.Page;

import java.util.List;

/**
 * Who may read which payments: the payer, admins and services; anyone else is told there is nothing
 * (404), exactly as for a payment or an order that does not exist.
 */
final class Payments {

  private final PaymentRepository payments;
  private final OrderClient orders;

  Payments(PaymentRepository payments, OrderClient orders) {
    this.payments = payments;
    this.orders = orders;
  }

  Future<Payment> find(Principal who, String ref) {
    return payments.find(ref).map(found -> found.filter(p -> who.mayRead(p.userId()))
      .orElseThrow(() -> new NotFound("Payment " + ref + " not found")));
  }

  /**
   * A customer's access is decided by the order's owner as the order service knows it, never by the
   * payments found: someone else's order is 404 whether or not it has payments, like an unknown one.
   */
  Future<List<Payment>> byOrder(Principal who, long orderId, String requestId) {
    Future<Void> allowed = who.isAdmin() || who.isService()
      ? Future.succeededFuture()
      : orders.order(orderId, requestId).compose(order -> who.mayRead(order.userId())
        ? Future.<Void>succeededFuture()
        : Future.failedFuture(new NotFound("Order " + orderId + " not found")));
    return allowed.compose(v -> payments.byOrder(orderId));
  }

  Future<Listing<Payment>> byUser(Principal who, long userId, Page page) {
    if (!who.mayRead(userId)) {
      return Future.failedFuture(new NotFound("User " + userId + " not found"));
    }
    return payments.byUser(userId, page);
  }

  Future<Listing<Payment>> all(String status, Page page) {
    return payments.all(status, page);
  }

  Future<JsonObject> stats() {
    return payments.stats();
  }
}
