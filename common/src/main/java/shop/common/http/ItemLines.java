package shop.common.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The {@code items:[{product_id, quantity}]} of an order or a reservation: at most 100 lines,
 * quantities 1–1000, repeated products merged, sorted by product id (so stock rows are always
 * locked in the same order).
 */
public final class ItemLines {

  public static final int MAX_LINES = 100;
  public static final int MAX_QUANTITY = 1000;

  /** One product and how many of it. */
  public record Line(long productId, int quantity) {
    public JsonObject toJson() {
      return new JsonObject().put("product_id", productId).put("quantity", quantity);
    }
  }

  private ItemLines() {
  }

  /** Reads {@code items} from the body into merged, sorted lines; problems go to {@code f}. */
  public static List<Line> read(Fields f, String field) {
    JsonArray items = f.array(field, true);
    return items == null ? List.of() : merge(f, field, items);
  }

  private static List<Line> merge(Fields f, String field, JsonArray items) {
    if (items.isEmpty()) {
      f.error(field, "must not be empty");
      return List.of();
    }
    if (items.size() > MAX_LINES) {
      f.error(field, "must have at most " + MAX_LINES + " lines");
      return List.of();
    }
    TreeMap<Long, Integer> merged = new TreeMap<>();
    for (int i = 0; i < items.size(); i++) {
      String at = field + "[" + i + "]";
      if (!(items.getValue(i) instanceof JsonObject item)) {
        f.error(at, "must be an object");
        continue;
      }
      Long productId = Fields.wholeNumber(item.getValue("product_id"));
      Long quantity = Fields.wholeNumber(item.getValue("quantity"));
      if (productId == null || productId <= 0) {
        f.error(at + ".product_id", "must be a positive whole number");
      } else if (quantity == null || quantity < 1 || quantity > MAX_QUANTITY) {
        f.error(at + ".quantity", "must be a whole number from 1 to " + MAX_QUANTITY);
      } else {
        merged.merge(productId, quantity.intValue(), Integer::sum);
      }
    }
    List<Line> lines = new ArrayList<>();
    merged.forEach((id, qty) -> {
      if (qty > MAX_QUANTITY) {
        f.error(field, "product " + id + " is asked for more than " + MAX_QUANTITY + " times");
      }
      lines.add(new Line(id, qty));
    });
    return lines;
  }

  public static JsonArray toJson(List<Line> lines) {
    JsonArray arr = new JsonArray();
    lines.forEach(l -> arr.add(l.toJson()));
    return arr;
  }
}
