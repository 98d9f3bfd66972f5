package shop.reliability.harness;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of JSON Schema (2020-12, as OpenAPI 3.1 uses it) the services' documents use: type
 * (also as a list, with null), enum, required, properties, additionalProperties, items, pattern,
 * minimum/maximum, min/maxLength, min/maxItems, date-time, and {@code $ref} within the document.
 */
public final class SchemaCheck {

  private SchemaCheck() {
  }

  /** What in {@code value} breaks {@code schema}; empty when it conforms. */
  public static List<String> problems(Object value, JsonObject schema, JsonObject doc) {
    List<String> out = new ArrayList<>();
    check(value, schema, doc, "$", out);
    return out;
  }

  private static void check(Object value, JsonObject schema, JsonObject doc, String at, List<String> out) {
    JsonObject s = OpenApi.resolve(doc, schema);
    if (s == null) {
      return;
    }
    if (s.containsKey("enum") && !s.getJsonArray("enum").contains(value)) {
      out.add(at + ": " + value + " is not one of " + s.getJsonArray("enum"));
      return;
    }
    Object type = s.getValue("type");
    if (type != null && !typeMatches(type, value)) {
      out.add(at + ": " + (value == null ? "null" : value.getClass().getSimpleName()) + " is not " + type);
      return;
    }
    if (value instanceof JsonObject o) {
      object(o, s, doc, at, out);
    } else if (value instanceof JsonArray a) {
      array(a, s, doc, at, out);
    } else if (value instanceof String str) {
      string(str, s, at, out);
    } else if (value instanceof Number n) {
      number(n, s, at, out);
    }
  }

  private static void object(JsonObject o, JsonObject s, JsonObject doc, String at, List<String> out) {
    for (Object req : s.getJsonArray("required", new JsonArray())) {
      if (!o.containsKey((String) req)) {
        out.add(at + ": missing required " + req);
      }
    }
    JsonObject props = s.getJsonObject("properties", new JsonObject());
    Object extra = s.getValue("additionalProperties");
    for (String field : o.fieldNames()) {
      if (props.containsKey(field)) {
        check(o.getValue(field), props.getJsonObject(field), doc, at + "." + field, out);
      } else if (Boolean.FALSE.equals(extra)) {
        out.add(at + ": undocumented field " + field);
      } else if (extra instanceof JsonObject extraSchema) {
        check(o.getValue(field), extraSchema, doc, at + "." + field, out);
      }
    }
  }

  private static void array(JsonArray a, JsonObject s, JsonObject doc, String at, List<String> out) {
    if (a.size() < s.getInteger("minItems", 0) || a.size() > s.getInteger("maxItems", Integer.MAX_VALUE)) {
      out.add(at + ": " + a.size() + " items is outside the documented bounds");
    }
    JsonObject items = s.getJsonObject("items");
    for (int i = 0; items != null && i < a.size(); i++) {
      check(a.getValue(i), items, doc, at + "[" + i + "]", out);
    }
  }

  private static void string(String str, JsonObject s, String at, List<String> out) {
    if (s.containsKey("pattern") && !java.util.regex.Pattern.compile(s.getString("pattern")).matcher(str).find()) {
      out.add(at + ": '" + str + "' does not match " + s.getString("pattern"));
    }
    if (str.length() < s.getInteger("minLength", 0) || str.length() > s.getInteger("maxLength", Integer.MAX_VALUE)) {
      out.add(at + ": length " + str.length() + " is outside the documented bounds");
    }
    if ("date-time".equals(s.getString("format"))) {
      try {
        OffsetDateTime.parse(str);
      } catch (DateTimeParseException e) {
        out.add(at + ": '" + str + "' is not an RFC 3339 date-time");
      }
    }
  }

  private static void number(Number n, JsonObject s, String at, List<String> out) {
    double v = n.doubleValue();
    if (s.getValue("minimum") instanceof Number min && v < min.doubleValue()) {
      out.add(at + ": " + n + " is below the minimum " + min);
    }
    if (s.getValue("maximum") instanceof Number max && v > max.doubleValue()) {
      out.add(at + ": " + n + " is above the maximum " + max);
    }
  }

  private static boolean typeMatches(Object type, Object value) {
    if (type instanceof JsonArray types) {
      return types.stream().anyMatch(t -> typeMatches(t, value));
    }
    return switch (String.valueOf(type)) {
      case "null" -> value == null;
      case "string" -> value instanceof String;
      case "integer" -> value instanceof Integer || value instanceof Long
        || value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue());
      case "number" -> value instanceof Number;
      case "boolean" -> value instanceof Boolean;
      case "object" -> value instanceof JsonObject;
      case "array" -> value instanceof JsonArray;
      default -> true;
    };
  }
}
