package shop.common.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import shop.common.http.ApiError;

import java.util.HashSet;
import java.util.Set;

/**
 * The claims a token must carry, checked before anything reads them: any token that is not
 * exactly right is 401, never a 400 or a 500 from a claim of the wrong type further on.
 *
 * <ul>
 *   <li>{@code exp}, {@code iat}: whole numbers (seconds); {@code nbf} too when present.</li>
 *   <li>{@code roles}: a non-empty array of {@code customer}, {@code admin}, {@code service}.</li>
 *   <li>A user's token ({@code customer}/{@code admin}): {@code user_id} a positive whole number
 *       and {@code sub} its decimal form; {@code tv} (token version) a whole number ≥ 0 when present.</li>
 *   <li>A service's token: {@code service} alone, {@code sub} the service's name, no {@code user_id}.</li>
 *   <li>{@code username}, {@code email}: strings when present.</li>
 * </ul>
 */
final class TokenClaims {

  static final Set<String> ROLES = Set.of(Principal.CUSTOMER, Principal.ADMIN, Principal.SERVICE);
  private static final int MAX_TEXT = 320;
  /** 9999-12-31T23:59:59Z: later times are nonsense, and would overflow as milliseconds. */
  private static final long MAX_SECONDS = 253_402_300_799L;

  private TokenClaims() {
  }

  /** The principal {@code claims} speak for, valid at {@code nowSeconds} with {@code leeway}; else 401. */
  static Principal principal(JsonObject claims, long nowSeconds, long leeway) {
    long exp = seconds(claims, "exp");
    long iat = seconds(claims, "iat");
    Long nbf = claims.containsKey("nbf") ? seconds(claims, "nbf") : null;
    if (exp + leeway < nowSeconds || iat > nowSeconds + leeway || iat > exp
      || (nbf != null && nbf > nowSeconds + leeway)) {
      throw invalid();
    }
    Set<String> roles = roles(claims.getValue("roles"));
    String sub = text(claims, "sub", true);
    String username = text(claims, "username", false);
    String email = text(claims, "email", false);
    if (roles.contains(Principal.SERVICE)) {
      if (roles.size() != 1 || claims.containsKey("user_id") || claims.containsKey("tv")) {
        throw invalid();
      }
      return new Principal(sub, null, username, email, Set.copyOf(roles), 0);
    }
    long userId = whole(claims.getValue("user_id"));
    if (userId <= 0 || !sub.equals(Long.toString(userId))) {
      throw invalid();
    }
    long version = claims.containsKey("tv") ? whole(claims.getValue("tv")) : 0;
    if (version < 0) {
      throw invalid();
    }
    return new Principal(sub, userId, username, email, Set.copyOf(roles), version);
  }

  private static long seconds(JsonObject claims, String name) {
    long v = whole(claims.getValue(name));
    if (v <= 0 || v > MAX_SECONDS) {
      throw invalid();
    }
    return v;
  }

  /** A JSON integer: not a fraction, a string, a boolean or null. */
  private static long whole(Object v) {
    if (v instanceof Integer || v instanceof Long) {
      return ((Number) v).longValue();
    }
    throw invalid();
  }

  private static String text(JsonObject claims, String name, boolean required) {
    Object v = claims.getValue(name);
    if (v == null && !claims.containsKey(name) && !required) {
      return null;
    }
    if (!(v instanceof String s) || s.isEmpty() || s.length() > MAX_TEXT) {
      throw invalid();
    }
    return s;
  }

  private static Set<String> roles(Object raw) {
    if (!(raw instanceof JsonArray arr) || arr.isEmpty()) {
      throw invalid();
    }
    Set<String> roles = new HashSet<>();
    for (Object r : arr) {
      if (!(r instanceof String s) || !ROLES.contains(s)) {
        throw invalid();
      }
      roles.add(s);
    }
    return roles;
  }

  static ApiError invalid() {
    return ApiError.unauthorized("Invalid token");
  }
}
