package shop.common.value;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * One line of an order or a reservation: a product and how many of it. A request holds at most
 * {@link #MAX_LINES} lines of 1 to {@link #MAX_QUANTITY}, one per product, sorted by product id
 * (so stock rows are always locked in the same order); {@code Fields.itemLines} reads them so.
 */
public record ItemLine(long productId, int quantity) {

  public static final int MAX_LINES = 100;
  public static final int MAX_QUANTITY = 1000;

  public JsonObject toJson() {
    return new JsonObject().put("product_id", productId).put("quantity", quantity);
  }

  public static JsonArray toJson(List<ItemLine> lines) {
    JsonArray arr = new JsonArray();
    lines.forEach(l -> arr.add(l.toJson()));
    return arr;
  }
}
