package shop.common.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import shop.common.http.Fields;
import shop.common.outbox.OutboxMessage;

import java.util.Set;

/**
 * What the user service announces when an account is deactivated, reactivated or deleted, or its
 * password changes: user {@code userId}'s tokens below {@code minTokenVersion} are void, and while
 * {@code status} is not {@code active} all of them are. Sent to every service through its outbox
 * ({@code PUT /internal/revocations/{user_id}}, service token only) and written to the user
 * service's own table in the same transaction.
 */
public record Revocation(long userId, long minTokenVersion, String status) {

  public static final String ACTIVE = "active";
  public static final String INACTIVE = "inactive";
  public static final String DELETED = "deleted";
  static final Set<String> STATUSES = Set.of(ACTIVE, INACTIVE, DELETED);
  /** The route every service receives them on. */
  public static final String ROUTE = "/internal/revocations/:user_id";

  /* Keeps the highest version: an older announcement arriving late changes nothing. The status and
     time are assigned before the version, so they still compare with the stored one. */
  private static final String SAVE = "INSERT INTO token_revocations (user_id, min_token_version, status, updated_at) "
    + "VALUES (?, ?, ?, UTC_TIMESTAMP(3)) ON DUPLICATE KEY UPDATE "
    + "status = IF(? >= min_token_version, ?, status), "
    + "updated_at = IF(? >= min_token_version, UTC_TIMESTAMP(3), updated_at), "
    + "min_token_version = GREATEST(min_token_version, ?)";

  public String path() {
    return "/internal/revocations/" + userId;
  }

  public JsonObject body() {
    return new JsonObject().put("user_id", userId).put("min_token_version", minTokenVersion).put("status", status);
  }

  /** The outbox row that tells {@code destination}; one event id per user, version and destination. */
  public OutboxMessage message(String destination) {
    return OutboxMessage.put("revocation:" + userId + ":" + minTokenVersion + ":" + destination, destination, path(),
      body());
  }

  /** Stores it through {@code client} (a receiver on arrival, the user service inside its own transaction). */
  public Future<Void> save(SqlClient client) {
    return client.preparedQuery(SAVE).execute(Tuple.of(userId, minTokenVersion, status, minTokenVersion, status,
      minTokenVersion, minTokenVersion)).mapEmpty();
  }

  /** The body of {@code PUT /internal/revocations/{userId}}; 400 with per-field details when it is not one. */
  static Revocation from(long userId, JsonObject body) {
    Fields f = new Fields(body);
    Long version = f.id("min_token_version", true);
    String status = f.string("status", true, 1, 16);
    if (status != null && !STATUSES.contains(status)) {
      f.error("status", "must be one of " + String.join(", ", STATUSES.stream().sorted().toList()));
    }
    Long named = f.has("user_id") ? f.id("user_id", false) : Long.valueOf(userId);
    if (named != null && named != userId) {
      f.error("user_id", "must match the path");
    }
    f.check();
    return new Revocation(userId, version, status);
  }
}
