package shop.order;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import shop.common.value.Money;

import java.math.BigDecimal;

/** One line of an order, priced by the product service when the stock was reserved. */
record OrderItem(long id, long orderId, long productId, String productName, int quantity, BigDecimal unitPrice,
                 BigDecimal totalPrice) {

  static final String COLUMNS = "id, order_id, product_id, product_name, quantity, unit_price, total_price";

  static OrderItem from(Row row) {
    return new OrderItem(row.getLong("id"), row.getLong("order_id"), row.getLong("product_id"),
      row.getString("product_name"), row.getInteger("quantity"), row.getBigDecimal("unit_price"),
      row.getBigDecimal("total_price"));
  }

  JsonObject toJson() {
    return new JsonObject()
      .put("id", id)
      .put("order_id", orderId)
      .put("product_id", productId)
      .put("product_name", productName)
      .put("quantity", quantity)
      .put("unit_price", Money.json(unitPrice))
      .put("total_price", Money.json(totalPrice));
  }
}
