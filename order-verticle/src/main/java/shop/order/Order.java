package shop.order;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import shop.common.value.Times;
import shop.common.value.Money;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;

/** An order as clients see it, with its lines. */
record Order(long id, long userId, String status, BigDecimal totalAmount, String currency, String shippingAddress,
             String userEmail, LocalDateTime expiresAt, LocalDateTime createdAt, LocalDateTime updatedAt,
             List<OrderItem> items) {

  static final String COLUMNS = "id, user_id, status, total_amount, currency, shipping_address, user_email, "
    + "expires_at, created_at, updated_at";

  static Order from(Row row) {
    return new Order(row.getLong("id"), row.getLong("user_id"), row.getString("status"),
      row.getBigDecimal("total_amount"), row.getString("currency"), row.getString("shipping_address"),
      row.getString("user_email"), row.getLocalDateTime("expires_at"), row.getLocalDateTime("created_at"),
      row.getLocalDateTime("updated_at"), List.of());
  }

  /** True when its payment deadline has passed at {@code at} (both UTC). */
  boolean pastDeadline(LocalDateTime at) {
    return expiresAt.isBefore(at);
  }

  /** This order after a successful move to {@code target} at {@code at}. */
  Order movedTo(String target, LocalDateTime at) {
    return new Order(id, userId, target, totalAmount, currency, shippingAddress, userEmail, expiresAt, createdAt, at,
      items);
  }

  Order withItems(List<OrderItem> lines) {
    return new Order(id, userId, status, totalAmount, currency, shippingAddress, userEmail, expiresAt, createdAt,
      updatedAt, List.copyOf(lines));
  }

  JsonObject toJson() {
    return new JsonObject()
      .put("id", id)
      .put("user_id", userId)
      .put("total_amount", Money.json(totalAmount))
      .put("currency", currency)
      .put("status", status)
      .put("created_at", Times.utc(createdAt))
      .put("updated_at", Times.utc(updatedAt))
      .put("shipping_address", shippingAddress)
      // only a pending order can still expire; afterwards the deadline would only mislead
      .put("expires_at", OrderStatus.PENDING.equals(status) ? Times.utc(expiresAt) : null)
      .put("items", itemsJson());
  }

  JsonArray itemsJson() {
    JsonArray arr = new JsonArray();
    items.forEach(i -> arr.add(i.toJson()));
    return arr;
  }

}
