package shop.order;

import io.vertx.core.json.JsonObject;
import shop.common.auth.Principal;
import shop.common.error.Forbidden;
import shop.common.http.Fields;
import shop.common.value.ItemLine;

import java.util.List;

/** A checked {@code POST /orders} body: lines merged per product and sorted by product id. */
record OrderRequest(List<ItemLine> lines, String shippingAddress) {

  /**
   * The order is always the token's user's. A {@code user_id} or {@code user_email} that the
   * Flask clients send is accepted when it names that user, and refused (403) when it does not.
   */
  static OrderRequest parse(JsonObject body, Principal who) {
    checkNamesCaller(body, who);
    Fields f = new Fields(body);
    List<ItemLine> lines = f.itemLines("items");
    String address = f.string("shipping_address", false, 0, 500);
    f.check();
    return new OrderRequest(lines, address == null || address.isEmpty() ? null : address);
  }

  private static void checkNamesCaller(JsonObject body, Principal who) {
    Object userId = body.getValue("user_id");
    if (userId != null && !String.valueOf(who.userId()).equals(numberText(userId))) {
      throw new Forbidden("Orders can only be placed for the signed-in user");
    }
    Object email = body.getValue("user_email");
    if (email != null && !(email instanceof String s && s.trim().equalsIgnoreCase(String.valueOf(who.email())))) {
      throw new Forbidden("Orders can only be placed for the signed-in user");
    }
  }

  private static String numberText(Object v) {
    Long whole = Fields.wholeNumber(v);
    if (whole != null) {
      return whole.toString();
    }
    return v instanceof String s ? s.trim() : v.toString();
  }
}
