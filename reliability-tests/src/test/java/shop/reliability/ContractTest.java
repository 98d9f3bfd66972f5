package shop.reliability;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
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
import shop.reliability.harness.SchemaCheck;
import shop.reliability.harness.Suite;
import shop.reliability.harness.Tokens;
import shop.testing.process.ShopClient.Reply;
import shop.testing.process.ShopClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static shop.reliability.harness.Suite.shop;
import static shop.reliability.harness.Suite.shopping;

/** T25: requests generated from each service's OpenAPI document, valid and invalid, and every answer checked against it. */
@ExtendWith(Suite.class)
@Order(8)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ContractTest {

  private static final List<String> BAD_IDS = List.of("abc", "0", "-1", "99999999999999999999", "1.5");

  /** One request to send: a label for the report, the path with its query, the body text (or null). */
  private record Request(String label, String path, String body) {
  }

  @Test
  @Case("T25")
  @DisplayName("T25: generated valid and invalid requests for every documented operation: no 5xx, only documented statuses, answers match the schema")
  void everyAnswerIsDocumented() {
    Fixture f = Fixture.purchase(shopping(), "t25");
    String service = new Tokens(shop().env("SECRET_KEY")).signed(new JsonObject().put("sub", "reliability")
      .put("username", "reliability").put("roles", new JsonArray().add("service")).put("iat", Tokens.now())
      .put("exp", Tokens.now() + 3600));
    Map<String, String> tokens = new LinkedHashMap<>();
    tokens.put("customer", f.customer().token());
    tokens.put("admin", shopping().admin());
    tokens.put("service", service);
    tokens.put("none", null);
    List<String> fiveXx = new ArrayList<>();
    List<String> undocumented = new ArrayList<>();
    List<String> mismatches = new ArrayList<>();
    int requests = 0;
    for (OpenApi.Operation op : OpenApi.operations(shop())) {
      List<Request> valid = List.of(new Request("valid", op.path(f.pathValues(op)), text(f.body(op))));
      for (Map.Entry<String, String> who : tokens.entrySet()) {
        for (Request req : who.getKey().equals("admin") ? concat(valid, invalid(op, f)) : valid) {
          Reply r = ShopClient.await(shop().direct(op.svc()).call(op.method().toUpperCase(), req.path(), who.getValue(),
            Map.of(), req.body(), Duration.ofSeconds(30)));
          requests++;
          String where = op + " " + req.label() + " as " + who.getKey() + " -> " + r.status();
          if (r.status() >= 500 || !r.answered()) {
            fiveXx.add(where);
          } else if (!op.documents(r.status())) {
            undocumented.add(where);
          } else {
            mismatches.addAll(matches(op, r).stream().map(p -> where + ": " + p).toList());
          }
        }
      }
    }

    Report.of("T25").metric("requests", requests).metric("5xx", fiveXx.size()).metric("undocumented", undocumented.size())
      .metric("schema_mismatches", mismatches.size())
      .require("no 5xx, got " + first(fiveXx), fiveXx.isEmpty())
      .require("no undocumented status, got " + first(undocumented), undocumented.isEmpty())
      .require("every answer matches its documented schema, got " + first(mismatches), mismatches.isEmpty())
      .conclude();
  }

  /** Bad path and query parameters, and bodies that are not what the schema says. */
  private static List<Request> invalid(OpenApi.Operation op, Fixture f) {
    List<Request> out = new ArrayList<>();
    Map<String, String> ids = f.pathValues(op);
    JsonObject body = f.body(op);
    String path = op.path(ids);
    for (String p : op.pathParams()) {
      for (String bad : BAD_IDS) {
        Map<String, String> v = new LinkedHashMap<>(ids);
        v.put(p, bad);
        out.add(new Request(p + "=" + bad, op.path(v), text(body)));
      }
    }
    op.queryParams().forEach((q, schema) -> {
      for (String bad : schema.containsKey("enum") ? List.of("bogus") : List.of("abc", "-1", "0")) {
        out.add(new Request(q + "=" + bad, path + "?" + q + "=" + bad, text(body)));
      }
    });
    if (body != null) {
      out.add(new Request("malformed JSON", path, "{\"order_id\":"));
      out.add(new Request("an array body", path, "[]"));
      out.add(new Request("an empty object", path, "{}"));
      JsonObject schema = op.bodySchema();
      for (Object required : schema.getJsonArray("required", new JsonArray())) {
        JsonObject without = body.copy();
        without.remove((String) required);
        out.add(new Request("without " + required, path, without.encode()));
      }
      for (String field : body.fieldNames()) {
        Object wrong = body.getValue(field) instanceof String ? (Object) 12345 : "not-a-" + field;
        out.add(new Request(field + " of the wrong type", path, body.copy().put(field, wrong).encode()));
      }
    }
    return out;
  }

  /** What in the answer differs from the schema documented for its status. */
  private static List<String> matches(OpenApi.Operation op, Reply r) {
    JsonObject schema = op.responseSchema(r.status());
    if (schema == null) {
      return List.of();
    }
    Object body;
    try {
      body = r.body() == null || r.body().isEmpty() ? null : Buffer.buffer(r.body()).toJsonValue();
    } catch (DecodeException e) {
      return List.of("not JSON: " + r.body());
    }
    return SchemaCheck.problems(body, schema, op.doc());
  }

  private static String text(JsonObject body) {
    return body == null ? null : body.encode();
  }

  private static List<Request> concat(List<Request> a, List<Request> b) {
    List<Request> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static List<String> first(List<String> items) {
    return items.subList(0, Math.min(8, items.size()));
  }
}
