package shop.user;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shop.common.auth.Revocation;
import shop.common.db.Database;
import shop.common.error.Conflict;
import shop.common.error.NotFound;
import shop.common.outbox.Outbox;

import java.util.List;

/**
 * The changes that must end a user's sessions everywhere: deactivation, reactivation, deletion and
 * a new password. Each bumps the user's token version and, in the same transaction, stores the
 * {@link Revocation} in this service's own {@code token_revocations} table and writes one outbox
 * row per other service; the relay delivers them at once and again until they are taken. Every
 * service then refuses the user's older tokens (all of them while the account is not active)
 * within its refresh interval of receiving the event.
 */
final class AccountChanges {

  private static final Logger LOG = LoggerFactory.getLogger(AccountChanges.class);
  /** The outbox destinations told about revocations: every other service. */
  static final List<String> SERVICES = List.of("product", "order", "payment", "notification");

  private static final String LOCK = "SELECT " + User.COLUMNS + " FROM users WHERE id = ? FOR UPDATE";
  private static final String SET_ACTIVE = "UPDATE users SET is_active = ?, token_version = ?, "
    + "updated_at = UTC_TIMESTAMP(3) WHERE id = ?";
  private static final String SET_PASSWORD = "UPDATE users SET password_hash = ?, token_version = ?, "
    + "updated_at = UTC_TIMESTAMP(3) WHERE id = ?";
  private static final String DELETE = "DELETE FROM users WHERE id = ?";

  private final Vertx vertx;
  private final Pool pool;
  private final Runnable afterCommit;

  /** {@code afterCommit} nudges the relay, so the events leave now rather than at its next poll. */
  AccountChanges(Vertx vertx, Pool pool, Runnable afterCommit) {
    this.vertx = vertx;
    this.pool = pool;
    this.afterCommit = afterCommit;
  }

  /** Deactivates or reactivates; a user already in that state is left as is (nothing announced). */
  Future<User> setActive(long id, boolean active) {
    return change(id, (tx, user) -> {
      if (user.active() == active) {
        return Future.succeededFuture(user);
      }
      long version = user.tokenVersion() + 1;
      return tx.preparedQuery(SET_ACTIVE).execute(Tuple.of(active, version, id))
        .compose(v -> announce(tx, new Revocation(id, version, active ? Revocation.ACTIVE : Revocation.INACTIVE)))
        .map(v -> with(user, active, user.passwordHash(), version));
    }).onSuccess(u -> LOG.info("user {} is now {}", id, active ? "active" : "inactive"));
  }

  /** Deletes the account; its tokens are void everywhere once the event arrives. */
  Future<Void> delete(long id) {
    return change(id, (tx, user) -> tx.preparedQuery(DELETE).execute(Tuple.of(id))
        .compose(v -> announce(tx, new Revocation(id, user.tokenVersion() + 1, Revocation.DELETED)))
        .map(user))
      .<Void>mapEmpty()
      .onSuccess(v -> LOG.info("user {} deleted", id));
  }

  /** Replaces the password hash, unless it changed since {@code expectedHash} was read (409). */
  Future<User> setPassword(long id, String expectedHash, String newHash) {
    return change(id, (tx, user) -> {
      if (!user.passwordHash().equals(expectedHash)) {
        return Future.failedFuture(new Conflict("password_changed", "The password was changed meanwhile"));
      }
      long version = user.tokenVersion() + 1;
      return tx.preparedQuery(SET_PASSWORD).execute(Tuple.of(newHash, version, id))
        .compose(v -> announce(tx, new Revocation(id, version,
          user.active() ? Revocation.ACTIVE : Revocation.INACTIVE)))
        .map(v -> with(user, user.active(), newHash, version));
    }).onSuccess(u -> LOG.info("user {} changed their password", id));
  }

  private interface Change {
    Future<User> apply(SqlConnection tx, User locked);
  }

  /** Runs {@code change} on the locked row in one transaction (404 when there is none), then nudges the relay. */
  private Future<User> change(long id, Change change) {
    return Database.inTransaction(vertx, pool, tx -> tx.preparedQuery(LOCK).execute(Tuple.of(id)).compose(rows -> {
        if (rows.size() == 0) {
          return Future.failedFuture(new NotFound("User " + id + " not found"));
        }
        return change.apply(tx, User.from(rows.iterator().next()));
      }))
      .onSuccess(u -> afterCommit.run());
  }

  private static Future<Void> announce(SqlConnection tx, Revocation r) {
    Future<Void> all = r.save(tx);
    for (String service : SERVICES) {
      all = all.compose(v -> Outbox.enqueue(tx, r.message(service)));
    }
    return all;
  }

  private static User with(User u, boolean active, String hash, long version) {
    return new User(u.id(), u.username(), u.email(), u.firstName(), u.lastName(), u.createdAt(), active, u.roles(),
      hash, version);
  }
}
