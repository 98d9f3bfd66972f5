package shop.reliability.harness;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import shop.testing.Await;
import shop.testing.TestSecrets;
import shop.testing.process.ShopClient.Customer;
import shop.testing.process.ShopClient.Reply;

import java.util.Map;

/**
 * One customer's completed purchase (product, order, payment, notification) and example values for
 * the fields the OpenAPI documents name: a well-formed request for every documented operation.
 */
public record Fixture(Customer customer, long productId, long orderId, String paymentId, long notificationId) {

  /** A customer who bought one unit of a new product and received the payment email. */
  public static Fixture purchase(Shopping shopping, String tag) {
    Customer c = shopping.customer(tag);
    long product = shopping.product(tag + " widget", "250.00", 100);
    long order = shopping.placedOrder(c, product, 1);
    Reply paid = shopping.pay(c, order, Shopping.GOOD_CARD, null);
    Shopping.expect(paid, 201, tag + " payment");
    String payment = paid.json().getString("payment_id");
    long[] notification = new long[1];
    Await.until(tag + "'s payment notification", 60, () -> {
      Reply r = shopping.get("/api/notifications/user/" + c.id(), c.token());
      JsonArray list = r.status() == 200 ? r.array() : new JsonArray();
      notification[0] = list.isEmpty() ? 0 : list.getJsonObject(0).getLong("id");
      return notification[0] > 0;
    });
    return new Fixture(c, product, order, payment, notification[0]);
  }

  /** The value of each path parameter of {@code op}, by its name and the collection it is in. */
  public Map<String, String> pathValues(OpenApi.Operation op) {
    String collection = op.path().split("/")[1];
    String id = switch (collection) {
      case "users" -> String.valueOf(customer.id());
      case "products" -> String.valueOf(productId);
      case "notifications" -> String.valueOf(notificationId);
      case "payments" -> paymentId;
      default -> String.valueOf(orderId);
    };
    return Map.of("id", id, "user_id", String.valueOf(customer.id()), "order_id", String.valueOf(orderId),
      "payment_id", paymentId, "product_id", String.valueOf(productId));
  }

  /** A body the schema accepts, with this fixture's ids where a field names one. */
  public JsonObject body(OpenApi.Operation op) {
    JsonObject schema = op.bodySchema();
    return schema == null ? null : (JsonObject) value("", schema, op);
  }

  private Object value(String field, JsonObject schemaOrRef, OpenApi.Operation op) {
    JsonObject s = OpenApi.resolve(op.doc(), schemaOrRef);
    Object named = byName(field, op);
    if (named != null) {
      return named;
    }
    if (s.containsKey("enum")) {
      return s.getJsonArray("enum").stream().filter(v -> v != null).findFirst().orElse(null);
    }
    String type = s.getValue("type") instanceof JsonArray types ? types.getString(0) : s.getString("type", "object");
    return switch (type) {
      case "object" -> {
        JsonObject o = new JsonObject();
        s.getJsonObject("properties", new JsonObject()).forEach(p -> o.put(p.getKey(),
          value(p.getKey(), (JsonObject) p.getValue(), op)));
        yield o;
      }
      case "array" -> new JsonArray().add(value(field, s.getJsonObject("items", new JsonObject()), op));
      case "integer" -> Math.max(1, s.getInteger("minimum", 1));
      case "number" -> Math.max(1.0, s.getDouble("minimum", 1.0));
      case "boolean" -> true;
      default -> "Reliability " + field;
    };
  }

  private Object byName(String field, OpenApi.Operation op) {
    boolean registering = op.path().equals("/register");
    return switch (field) {
      case "order_id" -> orderId;
      case "product_id" -> productId;
      case "user_id" -> customer.id();
      case "quantity" -> 1;
      case "email", "to", "user_email" -> registering ? "fixture-" + TestSecrets.hex(6) + "@example.com" : customer.email();
      case "username", "name" -> registering ? "fixture" + TestSecrets.hex(6) : null;
      case "password" -> registering ? "Pw-" + TestSecrets.hex(8) : customer.password();
      case "number" -> Shopping.GOOD_CARD;
      case "expiry" -> "12/30";
      case "cvv" -> "123";
      case "price", "amount" -> null;
      case "event_id" -> "fixture-" + TestSecrets.hex(8);
      case "upi_id" -> "buyer@bank";
      default -> null;
    };
  }
}
