package shop.user;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;

/**
 * A user row. The password hash and the token version are fields {@link #toJson()} never writes.
 */
public record User(long id, String username, String email, String firstName, String lastName,
                   LocalDateTime createdAt, boolean active, List<String> roles, String passwordHash,
                   long tokenVersion) {

  static final String COLUMNS =
    "id, username, email, first_name, last_name, created_at, is_active, roles, password_hash, token_version";

  static User from(Row row) {
    return new User(row.getLong("id"), row.getString("username"), row.getString("email"),
      row.getString("first_name"), row.getString("last_name"), row.getLocalDateTime("created_at"),
      flag(row.getValue("is_active")), parseRoles(row.getString("roles")),
      row.getString("password_hash"), row.getLong("token_version"));
  }

  /** MySQL answers booleans as TINYINT or BIGINT (comparisons); MariaDB sometimes as BIT. */
  static boolean flag(Object v) {
    if (v instanceof Boolean b) {
      return b;
    }
    return v instanceof Number n && n.longValue() != 0;
  }

  static List<String> parseRoles(String csv) {
    return csv == null || csv.isBlank() ? List.of()
      : Arrays.stream(csv.split(",")).map(String::trim).filter(r -> !r.isEmpty()).toList();
  }

  /** The {@code User} of docs/api/user.md: never the hash. */
  JsonObject toJson() {
    return new JsonObject()
      .put("id", id)
      .put("username", username)
      .put("email", email)
      .put("first_name", firstName)
      .put("last_name", lastName)
      .put("created_at", createdAt == null ? null
        : DateTimeFormatter.ISO_INSTANT.format(createdAt.toInstant(ZoneOffset.UTC)))
      .put("is_active", active)
      .put("roles", new JsonArray(roles));
  }

  @Override
  public String toString() {
    return "User[id=" + id + ", username=" + username + "]";
  }
}
