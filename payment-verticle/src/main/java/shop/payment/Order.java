package shop.payment;

import io.vertx.core.json.JsonObject;
import shop.common.http.Fields;
import shop.common.http.Money;

import java.math.BigDecimal;

/** What the payment service needs of an order, as the order service reports it. */
record Order(long id, long userId, BigDecimal total, String currency, String status) {

  static final String PENDING = "pending";

  static Order from(JsonObject o) {
    BigDecimal total = Money.parse(o.getValue("total_amount"));
    if (o.getValue("id") == null || o.getValue("user_id") == null || total == null || o.getString("status") == null) {
      throw new IllegalArgumentException("order answer lacks id, user_id, total_amount or status");
    }
    // the amount goes into a DECIMAL(12,2) column: checked here, not by the database
    if (total.signum() < 0 || total.compareTo(Fields.MAX_MONEY) > 0) {
      throw new IllegalArgumentException("order total " + total.toPlainString() + " is out of range");
    }
    return new Order(o.getLong("id"), o.getLong("user_id"), Money.scale(total),
      o.getString("currency", "INR"), o.getString("status"));
  }
}
