package shop.common.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;

/**
 * Reads and checks the fields of a request body, collecting one message per bad field;
 * {@link #check()} then fails with 400 and every message. Nothing is bound wholesale.
 */
public final class Fields {

  public static final BigDecimal MAX_MONEY = new BigDecimal("9999999999.99");

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
    Object v = body.getValue(name);
    if (v == null) {
      if (required) {
        error(name, "is required");
      }
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
    Object v = body.getValue(name);
    if (v == null) {
      if (required) {
        error(name, "is required");
      }
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
    Object v = body.getValue(name);
    if (v == null) {
      if (required) {
        error(name, "is required");
      }
      return null;
    }
    Long l = wholeNumber(v);
    if (l == null || l <= 0) {
      error(name, "must be a positive whole number");
      return null;
    }
    return l;
  }

  /** A non-negative amount with at most two decimal places. */
  public BigDecimal money(String name, boolean required) {
    Object v = body.getValue(name);
    if (v == null) {
      if (required) {
        error(name, "is required");
      }
      return null;
    }
    BigDecimal d = Money.parse(v);
    if (d == null) {
      error(name, "must be a number");
      return null;
    }
    if (d.signum() < 0) {
      error(name, "must not be negative");
      return null;
    }
    if (d.stripTrailingZeros().scale() > 2) {
      error(name, "must have at most two decimal places");
      return null;
    }
    if (d.compareTo(MAX_MONEY) > 0) {
      error(name, "is too large");
      return null;
    }
    return Money.scale(d);
  }

  public JsonArray array(String name, boolean required) {
    Object v = body.getValue(name);
    if (v == null) {
      if (required) {
        error(name, "is required");
      }
      return null;
    }
    if (!(v instanceof JsonArray a)) {
      error(name, "must be an array");
      return null;
    }
    return a;
  }

  public JsonObject object(String name, boolean required) {
    Object v = body.getValue(name);
    if (v == null) {
      if (required) {
        error(name, "is required");
      }
      return null;
    }
    if (!(v instanceof JsonObject o)) {
      error(name, "must be an object");
      return null;
    }
    return o;
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
