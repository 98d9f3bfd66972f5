package shop.order;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import shop.common.auth.Principal;
import shop.common.http.ApiError;
import shop.common.http.Fields;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** A checked {@code POST /orders} body: lines merged per product and sorted by product id. */
record OrderRequest(List<Line> lines, String shippingAddress) {

  static final int MAX_LINES = 100;
  static final int MAX_QUANTITY = 1000;

  record Line(long productId, int quantity) {
    JsonObject toJson() {
      return new JsonObject().put("product_id", productId).put("quantity", quantity);
    }
  }

  /**
   * The order is always the token's user's. A {@code user_id} or {@code user_email} that the
   * Flask clients send is accepted when it names that user, and refused (403) when it does not.
   */
  static OrderRequest parse(JsonObject body, Principal who) {
    checkNamesCaller(body, who);
    Fields f = new Fields(body);
    JsonArray items = f.array("items", true);
    String address = f.string("shipping_address", false, 0, 500);
    List<Line> lines = items == null ? List.of() : merge(f, items);
    f.check();
    return new OrderRequest(lines, address == null || address.isEmpty() ? null : address);
  }

  private static void checkNamesCaller(JsonObject body, Principal who) {
    Object userId = body.getValue("user_id");
    if (userId != null && !String.valueOf(who.userId()).equals(numberText(userId))) {
      throw ApiError.forbidden("Orders can only be placed for the signed-in user");
    }
    Object email = body.getValue("user_email");
    if (email != null && !(email instanceof String s && s.trim().equalsIgnoreCase(String.valueOf(who.email())))) {
      throw ApiError.forbidden("Orders can only be placed for the signed-in user");
    }
  }

  private static String numberText(Object v) {
    Long whole = Fields.wholeNumber(v);
    if (whole != null) {
      return whole.toString();
    }
    return v instanceof String s ? s.trim() : v.toString();
  }

  private static List<Line> merge(Fields f, JsonArray items) {
    if (items.isEmpty()) {
      f.error("items", "must not be empty");
      return List.of();
    }
    if (items.size() > MAX_LINES) {
      f.error("items", "must have at most " + MAX_LINES + " lines");
      return List.of();
    }
    TreeMap<Long, Integer> merged = new TreeMap<>();
    for (int i = 0; i < items.size(); i++) {
      if (!(items.getValue(i) instanceof JsonObject item)) {
        f.error("items[" + i + "]", "must be an object");
        continue;
      }
      Long productId = Fields.wholeNumber(item.getValue("product_id"));
      Long quantity = Fields.wholeNumber(item.getValue("quantity"));
      if (productId == null || productId <= 0) {
        f.error("items[" + i + "].product_id", "must be a positive whole number");
      } else if (quantity == null || quantity < 1 || quantity > MAX_QUANTITY) {
        f.error("items[" + i + "].quantity", "must be a whole number from 1 to " + MAX_QUANTITY);
      } else {
        merged.merge(productId, quantity.intValue(), Integer::sum);
      }
    }
    List<Line> lines = new ArrayList<>();
    merged.forEach((id, qty) -> {
      if (qty > MAX_QUANTITY) {
        f.error("items", "product " + id + " is ordered more than " + MAX_QUANTITY + " times");
      }
      lines.add(new Line(id, qty));
    });
    return lines;
  }

  JsonArray itemsJson() {
    JsonArray arr = new JsonArray();
    lines.forEach(l -> arr.add(l.toJson()));
    return arr;
  }
}
