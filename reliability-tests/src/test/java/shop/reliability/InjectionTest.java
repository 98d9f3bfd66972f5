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
import shop.reliability.harness.RawHttp;
import shop.reliability.harness.Report;
import shop.reliability.harness.Suite;
import shop.reliability.harness.Tokens;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static shop.reliability.harness.Suite.ledger;
import static shop.reliability.harness.Suite.shop;
import static shop.reliability.harness.Suite.shopping;

/** T23: SQL injection payloads in every path and query parameter and every body field of every documented operation. */
@ExtendWith(Suite.class)
@Order(6)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class InjectionTest {

  private static final long SLOW_MS = 2_500;
  private static final Pattern SQL_ERROR = Pattern.compile("(?i:SQL syntax|MariaDB|MySQL|SQLException|SQLState)|\\bER_[A-Z_]{4,}");
  private static final List<String> INJECTIONS = List.of("' OR '1'='1", "' OR 1=1-- -", "1' AND SLEEP(3)-- -",
    "1; DROP TABLE users; --", "\" OR \"\"=\"", "1 UNION SELECT NULL,version()-- -", "\\'; SELECT 1; --",
    "%27%20OR%201%3D1");

  @Test
  @Case("T23")
  @DisplayName("T23: SQL injection in every field, path and query parameter: no 5xx, nothing slow, no anomaly")
  void sqlInjectionFindsNothing() {
    Fixture f = Fixture.purchase(shopping(), "t23");
    Tokens tokens = new Tokens(shop().env("SECRET_KEY"));
    String admin = shopping().admin();
    String service = tokens.signed(new JsonObject().put("sub", "reliability").put("username", "reliability")
      .put("roles", new JsonArray().add("service")).put("iat", Tokens.now()).put("exp", Tokens.now() + 3600));
    long requests = 0;
    List<String> fiveXx = new ArrayList<>();
    List<String> slow = new ArrayList<>();
    List<String> anomalies = new ArrayList<>();
    for (OpenApi.Operation op : OpenApi.operations(shop())) {
      boolean internal = op.path().startsWith("/reservations") || op.path().equals("/notifications")
        && op.method().equals("post");
      String token = internal ? service : admin;
      for (String payload : INJECTIONS) {
        for (Injected req : injected(op, f, payload)) {
          RawHttp.Response r = RawHttp.bytes(shop().port(op.svc()), op.method().toUpperCase(), req.path(),
            "Authorization: Bearer " + token + "\r\nX-Forwarded-For: 192.0.2.23\r\nContent-Type: application/json\r\n",
            req.body().getBytes(StandardCharsets.UTF_8));
          requests++;
          String where = op + " " + req.slot() + "=" + payload;
          if (r.status() >= 500 || r.status() < 0) {
            fiveXx.add(where + " -> " + r.status());
          }
          if (r.millis() > SLOW_MS) {
            slow.add(where + " took " + r.millis() + " ms");
          }
          if (SQL_ERROR.matcher(r.body()).find()) {
            anomalies.add(where + " shows a database error: " + abbreviate(r.body()));
          }
          if (op.path().equals("/login") && r.status() == 200) {
            anomalies.add(where + " logged in");
          }
          if (op.path().equals("/products") && op.method().equals("get") && req.slot().equals("q") && r.status() == 200
            && !new JsonArray(r.body()).isEmpty()) {
            anomalies.add(where + " found products that do not contain the text");
          }
        }
      }
    }
    for (String table : List.of("user_db.users", "order_db.orders", "product_db.products", "payment_db.payments",
      "notification_db.notifications")) {
      if (ledger().count("SELECT COUNT(*) FROM " + table) == 0) {
        anomalies.add(table + " is empty after the injections");
      }
    }
    int login = shopping().call("POST", "/api/login", null, new JsonObject().put("email", f.customer().email())
      .put("password", f.customer().password()).encode(), Map.of()).status();
    if (login != 200) {
      anomalies.add("the customer cannot log in any more: " + login);
    }

    Report.of("T23").metric("requests", requests).metric("5xx", fiveXx.size()).metric("slow", slow.size())
      .metric("anomalies", anomalies.size())
      .require("0 5xx, got " + fiveXx.size() + ": " + first(fiveXx), fiveXx.isEmpty())
      .require("0 slow (over " + SLOW_MS + " ms), got " + first(slow), slow.isEmpty())
      .require("0 anomalies, got " + first(anomalies), anomalies.isEmpty())
      .conclude();
  }

  /** A request of {@code op} with one slot (path or query parameter, body field) replaced by the payload. */
  private record Injected(String slot, String path, String body) {
  }

  private static List<Injected> injected(OpenApi.Operation op, Fixture f, String payload) {
    List<Injected> out = new ArrayList<>();
    Map<String, String> values = f.pathValues(op);
    JsonObject body = f.body(op);
    String bodyText = body == null ? "" : body.encode();
    String encoded = java.net.URLEncoder.encode(payload, StandardCharsets.UTF_8).replace("+", "%20");
    for (String p : op.pathParams()) {
      Map<String, String> v = new LinkedHashMap<>(values);
      v.put(p, encoded);
      out.add(new Injected(p, op.path(v), bodyText));
    }
    for (String q : op.queryParams().keySet()) {
      out.add(new Injected(q, op.path(values) + "?" + q + "=" + encoded, bodyText));
    }
    if (body != null) {
      for (String field : body.fieldNames()) {
        JsonObject b = body.copy();
        if (op.path().equals("/login") && field.equals("username")) {
          b.remove("email"); // a login by username: the email would identify the customer by itself
        }
        if (b.getValue(field) instanceof JsonObject nested) {
          for (String inner : nested.fieldNames()) {
            JsonObject n = nested.copy().put(inner, payload);
            out.add(new Injected(field + "." + inner, op.path(values), b.copy().put(field, n).encode()));
          }
        }
        out.add(new Injected(field, op.path(values), b.put(field, payload).encode()));
      }
    }
    return out;
  }

  private static String abbreviate(String s) {
    return s == null ? "" : s.length() > 160 ? s.substring(0, 160) + "…" : s;
  }

  private static List<String> first(List<String> items) {
    return items.subList(0, Math.min(5, items.size()));
  }
}
