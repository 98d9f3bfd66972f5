package shop.common.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import shop.common.value.ItemLine;
import shop.common.value.Money;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Reads and checks the fields of a request body, collecting one message per bad field;
 * {@link #check()} then fails with 400 and every message. Nothing is bound wholesale.
 */
public final class Fields {

  private final JsonObject body;
  private final JsonObject errors = new JsonObject();

  public Fields(JsonObject body) {
    this.body = body;
  }

  public boolean has(String name) {
    return body.getValue(name) != null;
  }

  public JsonObject body() {
    return body;
  }

  public void error(String field, String message) {
    if (!errors.containsKey(field)) {
      errors.put(field, message);
    }
  }

  public boolean ok() {
    return errors.isEmpty();
  }

  public void check() {
    if (!errors.isEmpty()) {
      throw ApiError.invalid(errors);
    }
  }

  /** The field's value, or null when it is absent (an error when it is {@code required}). */
  private Object present(String name, boolean required) {
    Object v = body.getValue(name);
    if (v == null && required) {
      error(name, "is required");
    }
    return v;
  }

  /**
   * A one-line text field, trimmed, of {@code min} to {@code max} characters. Control and format
   * characters (Unicode Cc and Cf: NUL, line breaks, zero-width spaces and joiners, BOM, direction
   * marks …) and unpaired surrogates are refused: they make look-alikes of names and emails, and a
   * lone surrogate cannot even be stored.
   */
  public String string(String name, boolean required, int min, int max) {
    return read(name, required, min, max, false);
  }

  /** As {@link #string}, for free text of several lines: tabs and line breaks are allowed, nothing else invisible. */
  public String text(String name, boolean required, int min, int max) {
    return read(name, required, min, max, true);
  }

  private String read(String name, boolean required, int min, int max, boolean multiLine) {
    Object v = present(name, required);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      error(name, "must be a string");
      return null;
    }
    if (!isPlain(s, multiLine)) {
      error(name, "must not contain control, invisible formatting or malformed characters");
      return null;
    }
    String t = s.trim();
    if (t.length() < min) {
      error(name, min <= 1 ? "must not be empty" : "must be at least " + min + " characters");
      return null;
    }
    if (t.length() > max) {
      error(name, "must be at most " + max + " characters");
      return null;
    }
    return t;
  }

  /** True when {@code s} has no Cc or Cf character and no unpaired surrogate (tabs and line breaks allowed in {@code multiLine}). */
  public static boolean isPlain(String s, boolean multiLine) {
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int type = Character.getType(cp);
      if (type == Character.SURROGATE || type == Character.FORMAT
        || (type == Character.CONTROL && !(multiLine && (cp == '\n' || cp == '\r' || cp == '\t')))) {
        return false;
      }
      i += Character.charCount(cp);
    }
    return true;
  }

  public Integer integer(String name, boolean required, int min, int max) {
    Object v = present(name, required);
    if (v == null) {
      return null;
    }
    Long l = wholeNumber(v);
    if (l == null) {
      error(name, "must be a whole number");
      return null;
    }
    if (l < min || l > max) {
      error(name, "must be between " + min + " and " + max);
      return null;
    }
    return l.intValue();
  }

  public Long id(String name, boolean required) {
    Object v = present(name, required);
    if (v == null) {
      return null;
    }
    Long l = wholeNumber(v);
    if (l == null || l <= 0) {
      error(name, "must be a positive whole number");
      return null;
    }
    return l;
  }

  /** A non-negative amount with at most two decimal places, at most {@link Money#MAX}. */
  public BigDecimal money(String name, boolean required) {
    Object v = present(name, required);
    if (v == null) {
      return null;
    }
    BigDecimal d = Money.parse(v);
    String problem = d == null ? "must be a number"
      : d.signum() < 0 ? "must not be negative"
      : d.stripTrailingZeros().scale() > 2 ? "must have at most two decimal places"
      : d.compareTo(Money.MAX) > 0 ? "is too large"
      : null;
    if (problem != null) {
      error(name, problem);
      return null;
    }
    return Money.scale(d);
  }

  public JsonArray array(String name, boolean required) {
    return typed(name, required, JsonArray.class, "must be an array");
  }

  public JsonObject object(String name, boolean required) {
    return typed(name, required, JsonObject.class, "must be an object");
  }

  private <T> T typed(String name, boolean required, Class<T> type, String problem) {
    Object v = present(name, required);
    if (v == null) {
      return null;
    }
    if (!type.isInstance(v)) {
      error(name, problem);
      return null;
    }
    return type.cast(v);
  }

  /**
   * The {@code items:[{product_id, quantity}]} of an order or a reservation, required: at most
   * {@link ItemLine#MAX_LINES} lines, quantities 1 to {@link ItemLine#MAX_QUANTITY}, repeated
   * products merged, sorted by product id.
   */
  public List<ItemLine> itemLines(String field) {
    JsonArray items = array(field, true);
    if (items == null) {
      return List.of();
    }
    if (items.isEmpty() || items.size() > ItemLine.MAX_LINES) {
      error(field, items.isEmpty() ? "must not be empty" : "must have at most " + ItemLine.MAX_LINES + " lines");
      return List.of();
    }
    TreeMap<Long, Integer> merged = new TreeMap<>();
    for (int i = 0; i < items.size(); i++) {
      String at = field + "[" + i + "]";
      if (!(items.getValue(i) instanceof JsonObject item)) {
        error(at, "must be an object");
        continue;
      }
      Long productId = wholeNumber(item.getValue("product_id"));
      Long quantity = wholeNumber(item.getValue("quantity"));
      if (productId == null || productId <= 0) {
        error(at + ".product_id", "must be a positive whole number");
      } else if (quantity == null || quantity < 1 || quantity > ItemLine.MAX_QUANTITY) {
        error(at + ".quantity", "must be a whole number from 1 to " + ItemLine.MAX_QUANTITY);
      } else {
        merged.merge(productId, quantity.intValue(), Integer::sum);
      }
    }
    List<ItemLine> lines = new ArrayList<>();
    merged.forEach((id, qty) -> {
      if (qty > ItemLine.MAX_QUANTITY) {
        error(field, "product " + id + " is asked for more than " + ItemLine.MAX_QUANTITY + " times");
      }
      lines.add(new ItemLine(id, qty));
    });
    return lines;
  }

  public static Long wholeNumber(Object v) {
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof Number n) {
      double d = n.doubleValue();
      if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
        return (long) d;
      }
    }
    return null;
  }
}
