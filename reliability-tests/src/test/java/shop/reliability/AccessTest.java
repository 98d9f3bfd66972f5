package shop.reliability;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import shop.reliability.harness.Case;
import shop.reliability.harness.Fixture;
import shop.reliability.harness.OpenApi;
import shop.reliability.harness.Report;
import shop.reliability.harness.Shopping;
import shop.reliability.harness.Suite;
import shop.testing.process.ShopClient.Customer;
import shop.testing.process.ShopClient.Reply;
import shop.testing.process.ShopClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static shop.reliability.harness.Suite.ledger;
import static shop.reliability.harness.Suite.shop;
import static shop.reliability.harness.Suite.shopping;

/** T17–T18: one customer against another's data, and fields no customer may set. */
@ExtendWith(Suite.class)
@Order(2)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class AccessTest {

  private static final String NO_SUCH_ID = "987654321";

  @Test
  @Case("T17")
  @DisplayName("T17: user B's token on every id-bearing route of user A: nothing leaks, nothing changes")
  void anotherUsersTokenReachesNothing() {
    Fixture a = Fixture.purchase(shopping(), "t17-a");
    long unpaid = shopping().placedOrder(a.customer(), a.productId(), 1);
    Customer b = shopping().customer("t17-b");
    Map<String, String> before = snapshot(a, unpaid);
    List<String> leaks = new ArrayList<>();
    int requests = 0;
    for (OpenApi.Operation op : OpenApi.operations(shop())) {
      if (op.pathParams().isEmpty() || op.path().startsWith("/products")) {
        continue; // products are the shop's, not a customer's
      }
      ShopClient direct = shop().direct(op.svc());
      JsonObject body = a.body(op);
      Reply onA = call(direct, op, op.path(a.pathValues(op)), b, body);
      requests++;
      if (onA.status() >= 200 && onA.status() < 300) {
        leaks.add(op + " answered " + onA);
      } else if (mentionsA(onA, a)) {
        leaks.add(op + " told B about A: " + onA);
      }
      if (op.method().equals("get")) {
        Reply onNothing = call(direct, op, op.path(Map.of("id", NO_SUCH_ID, "user_id", NO_SUCH_ID,
          "order_id", NO_SUCH_ID, "payment_id", "PAY_" + NO_SUCH_ID)), b, null);
        // an order's answers must not tell whether it was paid, either
        Reply onUnpaid = aboutAnOrder(op) ? call(direct, op, op.path(withOrder(a.pathValues(op), unpaid)), b, null) : onA;
        requests += 2;
        if (!sameAnswer(onA, onNothing) || !sameAnswer(onUnpaid, onNothing)) {
          leaks.add(op + " answers A's ids unlike unknown ones (an existence oracle): " + onA + " | " + onUnpaid
            + " | unknown: " + onNothing);
        }
      }
    }
    for (JsonObject body : List.of(ShopClient.card(a.orderId(), Shopping.GOOD_CARD),
      ShopClient.card(unpaid, Shopping.GOOD_CARD))) {
      Reply pay = shopping().pay(b.token(), body, null);
      requests++;
      if (pay.status() != 404) {
        leaks.add("B paying A's order: " + pay);
      }
    }
    Reply asA = shopping().order(b, Shopping.orderOf(Map.of(a.productId(), 1)).put("user_id", a.customer().id()));
    requests++;
    if (asA.status() != 403) {
      leaks.add("B ordering as A: " + asA);
    }
    Map<String, String> after = snapshot(a, unpaid);
    List<String> changes = new ArrayList<>();
    before.forEach((what, was) -> {
      if (!was.equals(after.get(what))) {
        changes.add(what + " changed: " + was + " -> " + after.get(what));
      }
    });

    Report.of("T17").metric("requests", requests).metric("leaks", leaks.size()).metric("changes", changes.size())
      .require("0 leaks, got " + leaks.size() + ": " + leaks, leaks.isEmpty())
      .require("0 changes to A's data, got " + changes, changes.isEmpty())
      .conclude();
  }

  @Test
  @Case("T18")
  @DisplayName("T18: roles, status, totals, prices and amounts sent by a customer are never stored")
  void privilegedFieldsAreIgnoredOrRefused() {
    List<String> stored = new ArrayList<>();
    String email = "t18-" + shop().env("SECRET_KEY").substring(0, 6) + System.nanoTime() + "@example.com";
    Reply reg = shopping().call("POST", "/api/register", null, new JsonObject().put("username", "t18" + System.nanoTime())
      .put("email", email).put("password", "Pw-correct-horse").put("roles", new JsonArray().add("admin"))
      .put("role", "admin").put("is_active", false).put("id", 1).put("is_admin", true)
      .put("password_hash", "x").encode(), Map.of());
    if (reg.status() == 201) {
      List<List<Object>> row = ledger().rows("SELECT roles, is_active FROM user_db.users WHERE email = ?", email);
      if (!row.isEmpty() && (!"customer".equals(row.get(0).get(0)) || !Boolean.TRUE.equals(asBoolean(row.get(0).get(1))))) {
        stored.add("registration stored roles=" + row.get(0).get(0) + " is_active=" + row.get(0).get(1));
      }
    }
    Customer c = shopping().customer("t18");
    Reply profile = shopping().call("PUT", "/api/profile", c.token(), new JsonObject().put("roles", new JsonArray()
      .add("admin")).put("is_active", false).put("username", "root").put("id", 1).put("first_name", "Eve").encode(),
      Map.of());
    List<List<Object>> me = ledger().rows("SELECT roles, is_active, username, id FROM user_db.users WHERE id = ?", c.id());
    if (!"customer".equals(me.get(0).get(0)) || !Boolean.TRUE.equals(asBoolean(me.get(0).get(1)))
      || "root".equals(me.get(0).get(2))) {
      stored.add("profile update stored " + me.get(0) + " (answer " + profile + ")");
    }

    long product = shopping().product("T18 chair", "1500.00", 10);
    JsonObject order = Shopping.orderOf(Map.of(product, 2)).put("status", "confirmed").put("total_amount", 0.01)
      .put("currency", "XXX").put("expires_at", "2099-01-01T00:00:00Z").put("id", 1);
    order.getJsonArray("items").getJsonObject(0).put("unit_price", 0.01).put("price", 0.01).put("total_price", 0.02);
    Reply placed = shopping().order(c, order);
    if (placed.status() == 201) {
      long id = placed.json().getLong("id");
      List<Object> row = ledger().rows("SELECT status, total_amount, currency, expires_at < UTC_TIMESTAMP() + INTERVAL 1 DAY "
        + "FROM order_db.orders WHERE id = ?", id).get(0);
      List<Object> line = ledger().rows("SELECT unit_price FROM order_db.order_items WHERE order_id = ?", id).get(0);
      if (!"pending".equals(row.get(0)) || new java.math.BigDecimal("3000.00").compareTo((java.math.BigDecimal) row.get(1)) != 0
        || "XXX".equals(row.get(2)) || !Boolean.TRUE.equals(asBoolean(row.get(3)))
        || new java.math.BigDecimal("1500.00").compareTo((java.math.BigDecimal) line.get(0)) != 0) {
        stored.add("order stored " + row + " line price " + line);
      }
      Reply pay = shopping().pay(c.token(), ShopClient.card(id, Shopping.GOOD_CARD).put("amount", 0.01)
        .put("payment_status", "refunded").put("user_id", 1).put("currency", "XXX"), null);
      List<List<Object>> paid = ledger().rows("SELECT amount, user_id, payment_status, currency FROM payment_db.payments "
        + "WHERE order_id = ?", id);
      for (List<Object> p : paid) {
        if (new java.math.BigDecimal("3000.00").compareTo((java.math.BigDecimal) p.get(0)) != 0
          || ((Number) p.get(1)).longValue() != c.id() || "XXX".equals(p.get(3))) {
          stored.add("payment stored " + p + " (answer " + pay + ")");
        }
      }
    } else {
      stored.add("an order with extra fields was refused instead of priced by the server: " + placed);
    }
    Reply asCustomer = shopping().call("POST", "/api/products", c.token(), new JsonObject().put("name", "free")
      .put("price", 0).put("stock", 1000).encode(), Map.of());
    if (asCustomer.status() != 403) {
      stored.add("a customer creating a product: " + asCustomer);
    }

    Report.of("T18").metric("privileged_stored", stored.size())
      .require("nothing privileged stored, got " + stored, stored.isEmpty())
      .conclude();
  }

  private static Reply call(ShopClient client, OpenApi.Operation op, String path, Customer who, JsonObject body) {
    return ShopClient.await(client.call(op.method().toUpperCase(), path, who.token(), Map.of(),
      body == null ? null : body.encode(), Duration.ofSeconds(30)));
  }

  /** A's order, payment, notification and profile as A sees them (times of reading aside). */
  private static Map<String, String> snapshot(Fixture a, long unpaid) {
    String t = a.customer().token();
    return Map.of(
      "profile", shopping().get("/api/profile", t).body(),
      "paid order", shopping().get("/api/orders/" + a.orderId(), t).body(),
      "unpaid order", shopping().get("/api/orders/" + unpaid, t).body(),
      "payment", shopping().get("/api/payments/" + a.paymentId(), t).body(),
      "notification", shopping().get("/api/notifications/" + a.notificationId(), t).body());
  }

  /** A's email or shipping address in an answer to B (B's own ids echoed in a 404 are no news to B). */
  private static boolean mentionsA(Reply r, Fixture a) {
    return r.body() != null && (r.body().contains(a.customer().email()) || r.body().contains("Reliability Road"));
  }

  /** The same status and the same body once the ids in it are set aside. */
  private static boolean sameAnswer(Reply x, Reply y) {
    return x.status() == y.status() && withoutIds(x.body()).equals(withoutIds(y.body()));
  }

  private static String withoutIds(String body) {
    return body == null ? "" : body.replaceAll("PAY_[A-Za-z0-9]+", "PAY_#").replaceAll("\\d+", "#");
  }

  private static boolean aboutAnOrder(OpenApi.Operation op) {
    return op.pathParams().contains("order_id") || op.path().startsWith("/orders/{id}");
  }

  private static Map<String, String> withOrder(Map<String, String> values, long order) {
    Map<String, String> out = new java.util.HashMap<>(values);
    out.put("order_id", String.valueOf(order));
    out.put("id", String.valueOf(order));
    return out;
  }

  private static Boolean asBoolean(Object v) {
    return v instanceof Boolean b ? b : v instanceof Number n ? n.intValue() != 0 : null;
  }
}
