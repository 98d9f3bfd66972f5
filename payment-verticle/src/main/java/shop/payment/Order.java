package shop.payment;

import io.vertx.core.json.JsonObject;
import shop.common.value.Money;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * What the payment service needs of an order, as the order service reports it. {@code expiresAt}
 * is the payment deadline of a pending order (null once it is not pending).
 */
record Order(long id, long userId, BigDecimal total, String currency, String status, Instant expiresAt) {

  static final String PENDING = "pending";

  static Order from(JsonObject o) {
    BigDecimal total = Money.parse(o.getValue("total_amount"));
    if (o.getValue("id") == null || o.getValue("user_id") == null || total == null || o.getString("status") == null) {
      throw new IllegalArgumentException("order answer lacks id, user_id, total_amount or status");
    }
    // the amount goes into a DECIMAL(12,2) column: checked here, not by the database
    if (total.signum() < 0 || total.compareTo(Money.MAX) > 0) {
      throw new IllegalArgumentException("order total " + total.toPlainString() + " is out of range");
    }
    String deadline = o.getString("expires_at");
    return new Order(o.getLong("id"), o.getLong("user_id"), Money.scale(total),
      o.getString("currency", "INR"), o.getString("status"), deadline == null ? null : Instant.parse(deadline));
  }

  /** True when it is past its payment deadline at {@code now}. */
  boolean pastDeadline(Instant now) {
    return expiresAt != null && expiresAt.isBefore(now);
  }
}
