package shop.product;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import shop.common.value.Money;

import java.math.BigDecimal;

/** A catalog row. */
public record Product(long id, String name, String description, BigDecimal price, int stock, String currency,
                      String imageUrl) {

  static final String COLUMNS = "id, name, description, price, stock, currency, image_url";

  static Product from(Row row) {
    return new Product(row.getLong("id"), row.getString("name"), row.getString("description"),
      row.getBigDecimal("price"), row.getInteger("stock"), row.getString("currency"), row.getString("image_url"));
  }

  JsonObject toJson() {
    return new JsonObject()
      .put("id", id)
      .put("name", name)
      .put("description", description)
      .put("price", Money.json(price))
      .put("stock", stock)
      .put("currency", currency)
      .put("image_url", imageUrl);
  }
}
