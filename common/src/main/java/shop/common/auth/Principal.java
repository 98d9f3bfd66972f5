package shop.common.auth;

import java.util.Set;

/**
 * Who a verified token speaks for. {@code userId} is null for service tokens; {@code tokenVersion}
 * is the user's token version when the token was issued (claim {@code tv}, 0 when absent): a token
 * below the version the user service last announced for that user is revoked.
 */
public record Principal(String subject, Long userId, String username, String email, Set<String> roles,
                        long tokenVersion) {

  public static final String CUSTOMER = "customer";
  public static final String ADMIN = "admin";
  public static final String SERVICE = "service";

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
