package shop.payment;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import shop.common.value.Money;
import shop.common.value.Times;

import java.math.BigDecimal;
import java.time.LocalDateTime;

/** A payments row. {@code email} is kept for later refund emails and never shown. */
record Payment(long id, String paymentId, long orderId, long userId, BigDecimal amount, String currency,
               String method, String status, String transactionId, String cardBrand, String cardLastFour,
               String errorCode, String email, LocalDateTime createdAt, LocalDateTime updatedAt) {

  static final String COMPLETED = "completed";
  static final String FAILED = "failed";
  static final String REFUNDED = "refunded";

  static final String COLUMNS = "id, payment_id, order_id, user_id, amount, currency, payment_method, "
    + "payment_status, transaction_id, card_brand, card_last_four, error_code, email, created_at, updated_at";

  static Payment from(Row r) {
    return new Payment(r.getLong("id"), r.getString("payment_id"), r.getLong("order_id"), r.getLong("user_id"),
      r.getBigDecimal("amount"), r.getString("currency"), r.getString("payment_method"),
      r.getString("payment_status"), r.getString("transaction_id"), r.getString("card_brand"),
      r.getString("card_last_four"), r.getString("error_code"), r.getString("email"),
      r.getLocalDateTime("created_at"), r.getLocalDateTime("updated_at"));
  }

  boolean completed() {
    return COMPLETED.equals(status);
  }

  JsonObject toJson() {
    return new JsonObject()
      .put("id", id)
      .put("payment_id", paymentId)
      .put("order_id", orderId)
      .put("user_id", userId)
      .put("amount", Money.json(amount))
      .put("currency", currency)
      .put("payment_method", method)
      .put("payment_status", status)
      .put("transaction_id", transactionId)
      .put("card_brand", cardBrand)
      .put("card_last_four", cardLastFour)
      .put("error_code", errorCode)
      .put("created_at", Times.utc(createdAt))
      .put("updated_at", Times.utc(updatedAt));
  }

}
