package shop.reliability.harness;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import shop.testing.process.ShopClient;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operations the services document in their {@code /openapi.json}, read from the running
 * processes: what T17 walks with another user's token, T23 fills with SQL, and T25 checks every
 * answer against.
 */
public final class OpenApi {

  private static final Pattern PARAM = Pattern.compile("\\{([a-z_]+)}");
  private static final List<String> METHODS = List.of("get", "post", "put", "delete");

  private OpenApi() {
  }

  /** One documented operation and the document it belongs to ({@code $ref}s resolve in it). */
  public record Operation(Svc svc, String method, String path, JsonObject spec, JsonObject doc) {

    public List<String> pathParams() {
      List<String> out = new ArrayList<>();
      Matcher m = PARAM.matcher(path);
      while (m.find()) {
        out.add(m.group(1));
      }
      return out;
    }

    /** Query parameters: name to schema. */
    public Map<String, JsonObject> queryParams() {
      Map<String, JsonObject> out = new java.util.LinkedHashMap<>();
      for (Object p : spec.getJsonArray("parameters", new JsonArray())) {
        JsonObject param = resolve(doc, (JsonObject) p);
        if ("query".equals(param.getString("in"))) {
          out.put(param.getString("name"), resolve(doc, param.getJsonObject("schema", new JsonObject())));
        }
      }
      return out;
    }

    /** The JSON request body's schema, or null. */
    public JsonObject bodySchema() {
      JsonObject body = spec.getJsonObject("requestBody");
      if (body == null) {
        return null;
      }
      JsonObject json = resolve(doc, body).getJsonObject("content", new JsonObject()).getJsonObject("application/json");
      return json == null ? null : resolve(doc, json.getJsonObject("schema", new JsonObject()));
    }

    public Set<String> statuses() {
      return new TreeSet<>(spec.getJsonObject("responses", new JsonObject()).fieldNames());
    }

    public boolean documents(int status) {
      Set<String> s = statuses();
      return s.contains(String.valueOf(status)) || s.contains(status / 100 + "XX") || s.contains("default");
    }

    /** The schema of the JSON answer documented for {@code status}, or null. */
    public JsonObject responseSchema(int status) {
      JsonObject responses = spec.getJsonObject("responses", new JsonObject());
      JsonObject r = responses.getJsonObject(String.valueOf(status), responses.getJsonObject("default"));
      if (r == null) {
        return null;
      }
      JsonObject json = resolve(doc, r).getJsonObject("content", new JsonObject()).getJsonObject("application/json");
      return json == null || json.getJsonObject("schema") == null ? null : json.getJsonObject("schema");
    }

    public boolean secured() {
      return spec.getJsonArray("security") != null && !spec.getJsonArray("security").isEmpty();
    }

    /** The path with each {@code {param}} replaced by {@code values.get(param)}. */
    public String path(Map<String, String> values) {
      Matcher m = PARAM.matcher(path);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        m.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(m.group(1), "1")));
      }
      m.appendTail(out);
      return out.toString();
    }

    @Override
    public String toString() {
      return svc.compose() + " " + method.toUpperCase() + " " + path;
    }
  }

  /** Every documented operation of the five services; reads first, deletes last. */
  public static List<Operation> operations(FaultyShop shop) {
    List<Operation> out = new ArrayList<>();
    for (Svc svc : Svc.values()) {
      ShopClient.Reply r = shop.direct(svc).get("/openapi.json", null);
      if (r.status() != 200) {
        throw new AssertionError(svc.compose() + " /openapi.json: " + r);
      }
      JsonObject doc = r.json();
      JsonObject paths = doc.getJsonObject("paths");
      for (String path : paths.fieldNames()) {
        for (String method : METHODS) {
          JsonObject spec = paths.getJsonObject(path).getJsonObject(method);
          if (spec != null) {
            out.add(new Operation(svc, method, path, spec, doc));
          }
        }
      }
    }
    out.sort(Comparator.comparingInt(o -> METHODS.indexOf(o.method())));
    return out;
  }

  /** Follows a {@code $ref} (within the same document) until a schema, parameter or response remains. */
  public static JsonObject resolve(JsonObject doc, JsonObject node) {
    JsonObject n = node;
    for (int hops = 0; n != null && n.containsKey("$ref") && hops < 10; hops++) {
      String ref = n.getString("$ref");
      JsonObject target = doc;
      for (String part : ref.substring(2).split("/")) {
        target = target.getJsonObject(part);
      }
      n = target;
    }
    return n;
  }
}
