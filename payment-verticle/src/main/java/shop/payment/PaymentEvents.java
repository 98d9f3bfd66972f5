package shop.payment;

import io.vertx.core.json.JsonObject;
import shop.common.value.Money;
import shop.common.outbox.OutboxMessage;

/**
 * The outbox messages a payment produces. Event ids are {@code <payment_id>:<what>}, so a
 * payment can emit each at most once and receivers deduplicate on them.
 */
final class PaymentEvents {

  static final String ORDER = "order";
  static final String NOTIFICATION = "notification";
  static final String CONFIRMATION = "payment_confirmation";
  static final String FAILED = "payment_failed";
  static final String REFUND = "refund";
  /** The order status a refund reports: the order service decides between cancelled and refunded. */
  static final String ORDER_REFUNDED = "refunded";
  private static final String ORDER_EVENT = ":order_";

  private record Text(String title, String message) {
  }

  private PaymentEvents() {
  }

  static OutboxMessage orderStatus(Payment p, String status) {
    return OutboxMessage.put(p.paymentId() + ORDER_EVENT + status, ORDER, "/orders/" + p.orderId() + "/status",
      new JsonObject().put("status", status));
  }

  /** The payment id of an order event made by {@link #orderStatus}, or null for any other event id. */
  static String paymentIdOfOrderEvent(String eventId, String status) {
    String suffix = ORDER_EVENT + status;
    return eventId != null && eventId.endsWith(suffix) ? eventId.substring(0, eventId.length() - suffix.length()) : null;
  }

  static OutboxMessage email(Payment p, String category) {
    JsonObject data = new JsonObject()
      .put("order_id", p.orderId())
      .put("payment_id", p.paymentId())
      .put("amount", Money.json(p.amount()))
      .put("currency", p.currency())
      .put("payment_method", p.method());
    if (p.errorCode() != null) {
      data.put("error_code", p.errorCode());
    }
    if (p.cardLastFour() != null) {
      data.put("card_last_four", p.cardLastFour());
    }
    String amount = Money.display(p.amount(), p.currency());
    Text text = switch (category) {
      case CONFIRMATION -> new Text("Payment received",
        "We received your payment of " + amount + " for order #" + p.orderId() + ".");
      case FAILED -> new Text("Payment failed",
        "Your payment of " + amount + " for order #" + p.orderId() + " did not go through (" + p.errorCode()
          + "). Your order is still open: you can try again.");
      case REFUND -> new Text("Refund processed", "We refunded " + amount + " for order #" + p.orderId() + ".");
      default -> throw new IllegalArgumentException("unknown email category " + category);
    };
    JsonObject body = new JsonObject()
      .put("event_id", p.paymentId() + ":" + category)
      .put("user_id", p.userId())
      .put("category", category)
      .put("email", p.email())
      .put("title", text.title())
      .put("message", text.message())
      .put("data", data);
    return OutboxMessage.post(body.getString("event_id"), NOTIFICATION, "/notifications", body);
  }
}
