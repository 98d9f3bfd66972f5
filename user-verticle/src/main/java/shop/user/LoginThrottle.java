package shop.user;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import shop.common.db.Database;
import shop.common.http.ApiError;

/**
 * Failed-login counters in the database, so every instance sees the same ones. After
 * {@code freeFailures} a key is locked for {@code baseLockMs}, doubling with each further failure
 * up to {@code maxLockMs}; a counter quiet for {@code windowSeconds} starts again.
 *
 * <p>The account counter is taken <em>before</em> the password is checked (and given back on
 * success), so a burst of parallel guesses cannot all slip in before the first failure is
 * written. The address counter only counts real failures: many users can share one address.
 */
final class LoginThrottle {

  static final String ACCOUNT = "account";
  static final String ADDRESS = "address";

  private static final String LOCKS = "SELECT TIMESTAMPDIFF(MICROSECOND, UTC_TIMESTAMP(3), locked_until) AS remaining_us "
    + "FROM login_failures WHERE ((kind = ? AND throttle_key = ?) OR (kind = ? AND throttle_key = ?)) "
    + "AND locked_until > UTC_TIMESTAMP(3)";
  /* Takes the row's exclusive lock whether it is new or not: concurrent attempts on one key queue here. */
  private static final String TOUCH = "INSERT INTO login_failures (kind, throttle_key, failures, last_failure_at) "
    + "VALUES (?, ?, 0, UTC_TIMESTAMP(3)) ON DUPLICATE KEY UPDATE failures = failures";
  private static final String READ = "SELECT failures, TIMESTAMPDIFF(SECOND, last_failure_at, UTC_TIMESTAMP(3)) AS age_s, "
    + "TIMESTAMPDIFF(MICROSECOND, UTC_TIMESTAMP(3), locked_until) AS remaining_us "
    + "FROM login_failures WHERE kind = ? AND throttle_key = ? FOR UPDATE";
  private static final String WRITE = "UPDATE login_failures SET failures = ?, last_failure_at = UTC_TIMESTAMP(3), "
    + "locked_until = IF(? > 0, TIMESTAMPADD(MICROSECOND, ? * 1000, UTC_TIMESTAMP(3)), NULL) "
    + "WHERE kind = ? AND throttle_key = ?";
  private static final String RESET = "DELETE FROM login_failures WHERE kind = ? AND throttle_key = ?";
  private static final String SWEEP = "DELETE FROM login_failures WHERE last_failure_at < "
    + "TIMESTAMPADD(SECOND, -?, UTC_TIMESTAMP(3)) AND (locked_until IS NULL OR locked_until < UTC_TIMESTAMP(3)) "
    + "LIMIT 1000";

  private final Vertx vertx;
  private final Pool pool;
  private final UserConfig.ThrottleConfig cfg;

  LoginThrottle(Vertx vertx, Pool pool, UserConfig.ThrottleConfig cfg) {
    this.vertx = vertx;
    this.pool = pool;
    this.cfg = cfg;
  }

  /**
   * Admits one login attempt: 429 with the wait when the account or the address is locked,
   * else the attempt is counted against the account until {@link #succeeded} gives it back.
   */
  Future<Void> admit(String accountKey, String addressKey) {
    return Database.inTransaction(vertx, pool, tx -> tx.preparedQuery(TOUCH).execute(Tuple.of(ACCOUNT, accountKey))
      .compose(v -> tx.preparedQuery(LOCKS).execute(Tuple.of(ACCOUNT, accountKey, ADDRESS, addressKey)))
      .compose(locks -> {
        long remainingUs = 0;
        for (Row r : locks) {
          remainingUs = Math.max(remainingUs, r.getLong("remaining_us"));
        }
        if (remainingUs > 0) {
          return Future.failedFuture(throttled(remainingUs));
        }
        return count(tx, ACCOUNT, accountKey, cfg.accountFreeFailures());
      }));
  }

  /** The password was right: the account starts afresh. */
  Future<Void> succeeded(String accountKey) {
    return pool.preparedQuery(RESET).execute(Tuple.of(ACCOUNT, accountKey)).mapEmpty();
  }

  /** The password was wrong: counts against the client address (the account was counted on admission). */
  Future<Void> failed(String addressKey) {
    return Database.inTransaction(vertx, pool, tx -> tx.preparedQuery(TOUCH).execute(Tuple.of(ADDRESS, addressKey))
      .compose(v -> count(tx, ADDRESS, addressKey, cfg.addressFreeFailures())));
  }

  /** Forgets counters quiet for longer than the window whose lock is over. */
  Future<Integer> sweep() {
    return pool.preparedQuery(SWEEP).execute(Tuple.of(cfg.windowSeconds())).map(rows -> rows.rowCount());
  }

  private Future<Void> count(SqlConnection tx, String kind, String key, int freeFailures) {
    return tx.preparedQuery(READ).execute(Tuple.of(kind, key)).compose(rows -> {
      Row r = rows.iterator().next();
      boolean stale = r.getLong("age_s") > cfg.windowSeconds();
      int failures = stale ? 1 : r.getInteger("failures") + 1;
      long lockMs = lockMs(failures, freeFailures);
      return tx.preparedQuery(WRITE).execute(Tuple.of(failures, lockMs, lockMs, kind, key)).mapEmpty();
    });
  }

  /** 0 up to the free failures, then base, 2 x base, 4 x base ... capped. */
  long lockMs(int failures, int freeFailures) {
    if (failures < freeFailures) {
      return 0;
    }
    long lock = cfg.baseLockMs();
    for (int i = freeFailures; i < failures && lock < cfg.maxLockMs(); i++) {
      lock *= 2;
    }
    return Math.min(lock, cfg.maxLockMs());
  }

  static ApiError throttled(long remainingUs) {
    long seconds = Math.max(1, (remainingUs + 999_999) / 1_000_000);
    return new ApiError(429, "too_many_attempts", "Too many failed logins, try again in " + seconds + " s",
      new JsonObject().put("retry_after", seconds));
  }
}
