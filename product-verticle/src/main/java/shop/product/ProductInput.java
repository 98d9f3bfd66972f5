package shop.product;

import io.vertx.core.json.JsonObject;
import shop.common.http.Fields;

import java.math.BigDecimal;

/** The fields an admin may set on a product; null means "not given". */
record ProductInput(String name, String description, BigDecimal price, Integer stock) {

  static final int MAX_STOCK = 1_000_000_000;

  static ProductInput forCreate(JsonObject body) {
    Fields f = new Fields(body);
    ProductInput in = new ProductInput(
      f.string("name", true, 1, 200),
      f.text("description", false, 0, 5000),
      f.money("price", true),
      f.integer("stock", false, 0, MAX_STOCK));
    f.check();
    return in;
  }

  static ProductInput forUpdate(JsonObject body) {
    Fields f = new Fields(body);
    ProductInput in = new ProductInput(
      f.string("name", false, 1, 200),
      f.text("description", false, 0, 5000),
      f.money("price", false),
      f.integer("stock", false, 0, MAX_STOCK));
    if (f.ok() && in.name == null && in.description == null && in.price == null && in.stock == null) {
      f.error("body", "give at least one of name, description, price, stock");
    }
    f.check();
    return in;
  }
}
