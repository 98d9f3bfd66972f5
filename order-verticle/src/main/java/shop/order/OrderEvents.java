package shop.order;

import io.vertx.core.json.JsonObject;
import shop.common.value.Money;
import shop.common.outbox.OutboxMessage;

/** The calls an order's life makes on other services, written to the outbox in the same transaction. */
final class OrderEvents {

  static final String PRODUCT = "product";
  static final String NOTIFICATION = "notification";
  static final String PAYMENT = "payment";

  private OrderEvents() {
  }

  /** Gives the order's stock back; the product service does it once however often this arrives. */
  static OutboxMessage releaseReservation(long orderId) {
    return new OutboxMessage("reservation_release:" + orderId, PRODUCT, "DELETE", "/reservations/" + orderId,
      new JsonObject());
  }

  /**
   * Refunds whatever paid for the order (docs/api/order.md: a paid order cancelled is refunded). Sent for every
   * cancel a person asks for: the payment service refunds once, and answers 200 when nothing was paid.
   */
  static OutboxMessage refundPayment(long orderId) {
    return OutboxMessage.post("payment_refund:" + orderId, PAYMENT, "/payments/order/" + orderId + "/refund",
      new JsonObject().put("order_id", orderId));
  }

  static OutboxMessage created(Order order) {
    String title = "Order #" + order.id() + " received";
    String message = "Thank you for your order #" + order.id() + " of " + amount(order)
      + ". Please complete the payment to confirm it.";
    return notification("order_created", "order_created", order, title, message);
  }

  static OutboxMessage cancelled(Order order, boolean expired) {
    String title = "Order #" + order.id() + " cancelled";
    String message = expired
      ? "Your order #" + order.id() + " was cancelled because it was not paid in time. The items are back in stock."
      : "Your order #" + order.id() + " of " + amount(order) + " has been cancelled.";
    return notification("order_cancelled", "general", order, title, message);
  }

  private static OutboxMessage notification(String event, String category, Order order, String title,
                                            String message) {
    JsonObject data = new JsonObject()
      .put("order_id", order.id())
      .put("total_amount", Money.json(order.totalAmount()))
      .put("currency", order.currency())
      .put("items", order.itemsJson());
    JsonObject body = new JsonObject()
      .put("event_id", event + ":" + order.id())
      .put("user_id", order.userId())
      .put("category", category)
      .put("email", order.userEmail())
      .put("title", title)
      .put("message", message)
      .put("data", data);
    return OutboxMessage.post(event + ":" + order.id(), NOTIFICATION, "/notifications", body);
  }

  private static String amount(Order order) {
    return Money.display(order.totalAmount(), order.currency());
  }
}
