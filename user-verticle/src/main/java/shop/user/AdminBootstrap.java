package shop.user;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code ADMIN_EMAIL}/{@code ADMIN_PASSWORD}: makes sure that account exists, is active, holds
 * admin+customer and has that password. One upsert, so instances starting together (in one JVM
 * or many) are harmless; every change is guarded on the email, so a customer who registered the
 * username {@code admin} first is never promoted.
 */
final class AdminBootstrap {

  private static final Logger LOG = LoggerFactory.getLogger(AdminBootstrap.class);

  private static final String UPSERT = "INSERT INTO users (username, username_key, email, email_key, password_hash, "
    + "roles, is_active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, '" + UserRepository.ADMIN_ROLES + "', TRUE, "
    + "UTC_TIMESTAMP(3), UTC_TIMESTAMP(3)) ON DUPLICATE KEY UPDATE "
    + "password_hash = IF(email_key = ?, ?, password_hash), "
    + "roles = IF(email_key = ?, '" + UserRepository.ADMIN_ROLES + "', roles), "
    + "updated_at = IF(email_key = ?, UTC_TIMESTAMP(3), updated_at)";
  /* When the username and the email collide with two different rows, the upsert may have looked at the wrong one. */
  private static final String ENSURE = "UPDATE users SET password_hash = ?, roles = '" + UserRepository.ADMIN_ROLES
    + "', updated_at = UTC_TIMESTAMP(3) WHERE email_key = ?";
  private static final String EXISTS = "SELECT id FROM users WHERE email_key = ?";

  private final Pool pool;
  private final Passwords passwords;
  private final AccountChanges changes;

  AdminBootstrap(Pool pool, Passwords passwords, AccountChanges changes) {
    this.pool = pool;
    this.passwords = passwords;
    this.changes = changes;
  }

  Future<Long> run(String email, String password, String username) {
    String key = UserRepository.emailKey(email);
    return passwords.hash(password)
      .compose(hash -> upsert(username, email, key, hash)
        .compose(v -> pool.preparedQuery(ENSURE).execute(Tuple.of(hash, key)))
        .compose(v -> pool.preparedQuery(EXISTS).execute(Tuple.of(key)))
        .compose(rows -> rows.size() > 0 ? Future.succeededFuture(rows.iterator().next().getLong("id"))
          // the username belongs to someone else: take a free variant of it
          : upsert(username + "_" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000)), email,
              key, hash)
            .compose(v -> pool.preparedQuery(EXISTS).execute(Tuple.of(key)))
            .map(r -> r.iterator().next().getLong("id"))))
      // a deactivated admin is reactivated the announced way: its old tokens stay void, new ones work
      .compose(id -> changes.setActive(id, true).map(id))
      .onSuccess(id -> LOG.info("admin account {} is ready (user {})", email, id));
  }

  private Future<Void> upsert(String username, String email, String key, String hash) {
    return pool.preparedQuery(UPSERT)
      .execute(Tuple.of(username, Identity.key(username), email, key, hash, key, hash, key, key))
      .mapEmpty();
  }
}
