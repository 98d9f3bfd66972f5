package shop.product;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import shop.common.value.Times;
import shop.common.value.Money;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;

/** Stock held for one order: reserved, then committed (sold) or released (returned). */
record Reservation(long orderId, String status, LocalDateTime expiresAt, List<Line> lines) {

  static final String RESERVED = "reserved";
  static final String COMMITTED = "committed";
  static final String RELEASED = "released";

  record Line(long productId, String name, BigDecimal unitPrice, String currency, int quantity) {
    BigDecimal total() {
      return unitPrice.multiply(BigDecimal.valueOf(quantity));
    }

    JsonObject toJson() {
      return new JsonObject()
        .put("product_id", productId)
        .put("name", name)
        .put("unit_price", Money.json(unitPrice))
        .put("currency", currency)
        .put("quantity", quantity);
    }
  }

  JsonObject toJson() {
    JsonArray arr = new JsonArray();
    lines.forEach(l -> arr.add(l.toJson()));
    return new JsonObject()
      .put("order_id", orderId)
      .put("status", status)
      .put("expires_at", Times.utc(expiresAt))
      .put("lines", arr);
  }

}
