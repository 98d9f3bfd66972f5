package shop.common.config;

import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * Reads typed values from a verticle's config. Keys are the UPPER_SNAKE env names compose uses;
 * values may be strings (from env) or JSON numbers and booleans (from tests).
 */
public final class Config {

  private Config() {
  }

  /** The process environment, then system properties of the same names, over {@code base}. */
  public static JsonObject withEnv(JsonObject base) {
    JsonObject merged = base.copy();
    for (Map.Entry<String, String> e : System.getenv().entrySet()) {
      merged.put(e.getKey(), e.getValue());
    }
    System.getProperties().forEach((k, v) -> {
      String key = k.toString();
      if (key.equals(key.toUpperCase()) && key.matches("[A-Z][A-Z0-9_]*")) {
        merged.put(key, v.toString());
      }
    });
    return merged;
  }

  public static String string(JsonObject conf, String key, String def) {
    Object v = conf.getValue(key);
    if (v == null) {
      return def;
    }
    String s = v.toString().trim();
    return s.isEmpty() ? def : s;
  }

  public static String required(JsonObject conf, String key) {
    String v = string(conf, key, null);
    if (v == null) {
      throw new ConfigException(key + " is required");
    }
    return v;
  }

  public static int integer(JsonObject conf, String key, int def) {
    String v = string(conf, key, null);
    if (v == null) {
      return def;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new ConfigException(key + " must be a whole number, got '" + v + "'");
    }
  }

  public static long longValue(JsonObject conf, String key, long def) {
    String v = string(conf, key, null);
    if (v == null) {
      return def;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new ConfigException(key + " must be a whole number, got '" + v + "'");
    }
  }

  /** Accepts the Flask-era spellings: True/False, true/false, 1/0, yes/no. */
  public static boolean bool(JsonObject conf, String key, boolean def) {
    String v = string(conf, key, null);
    if (v == null) {
      return def;
    }
    switch (v.toLowerCase()) {
      case "true", "1", "yes", "on" -> {
        return true;
      }
      case "false", "0", "no", "off" -> {
        return false;
      }
      default -> throw new ConfigException(key + " must be True or False, got '" + v + "'");
    }
  }

  /** A service base URL such as {@code http://product-service:5000}, without a trailing slash. */
  public static ServiceUrl serviceUrl(JsonObject conf, String key, String def) {
    return ServiceUrl.parse(key, string(conf, key, def));
  }
}
