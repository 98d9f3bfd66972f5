package shop.common.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashSet;
import java.util.Set;

/** Who a verified token speaks for. {@code userId} is null for service tokens. */
public record Principal(String subject, Long userId, String username, String email, Set<String> roles) {

  public static final String CUSTOMER = "customer";
  public static final String ADMIN = "admin";
  public static final String SERVICE = "service";

  static Principal fromClaims(JsonObject claims) {
    Set<String> roles = new HashSet<>();
    Object raw = claims.getValue("roles");
    if (raw instanceof JsonArray arr) {
      arr.forEach(r -> {
        if (r instanceof String s) {
          roles.add(s);
        }
      });
    }
    Object uid = claims.getValue("user_id");
    Long userId = uid instanceof Number n ? n.longValue() : null;
    return new Principal(claims.getString("sub"), userId, claims.getString("username"),
      claims.getString("email"), Set.copyOf(roles));
  }

  public boolean has(String role) {
    return roles.contains(role);
  }

  public boolean isAdmin() {
    return has(ADMIN);
  }

  public boolean isService() {
    return has(SERVICE);
  }

  /** Owner, admin or service: the rule for reading a user's own resources. */
  public boolean mayRead(long ownerUserId) {
    return isAdmin() || isService() || (userId != null && userId == ownerUserId);
  }
}
