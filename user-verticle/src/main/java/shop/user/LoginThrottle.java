package shop.user;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import shop.common.db.Database;
import shop.common.error.Throttled;

/**
 * Failed-login counters in the database, so every instance sees the same ones. After
 * {@code freeFailures} a key is locked for {@code baseLockMs}, doubling with each further failure
 * up to {@code maxLockMs}; a counter quiet for {@code windowSeconds} starts again.
 *
 * <p>An account also limits the attempts in flight (admitted, password not yet checked) to the
 * failures it has left, at least one: a burst of parallel guesses cannot all slip in before the
 * first failure is written. The address counter only counts failures: many users share addresses.
 */
final class LoginThrottle {

  static final String ACCOUNT = "account";
  static final String ADDRESS = "address";
  private static final int IN_FLIGHT_SECONDS = 30;

  private static final String LOCKS = "SELECT TIMESTAMPDIFF(MICROSECOND, UTC_TIMESTAMP(3), locked_until) AS remaining_us "
    + "FROM login_failures WHERE ((kind = ? AND throttle_key = ?) OR (kind = ? AND throttle_key = ?)) "
    + "AND locked_until > UTC_TIMESTAMP(3)";
  /* Takes the row's exclusive lock whether it is new or not: concurrent attempts on one key queue here. */
  private static final String TOUCH = "INSERT INTO login_failures (kind, throttle_key, failures, last_failure_at) "
    + "VALUES (?, ?, 0, UTC_TIMESTAMP(3)) ON DUPLICATE KEY UPDATE failures = failures";
  private static final String READ = "SELECT failures, TIMESTAMPDIFF(SECOND, last_failure_at, UTC_TIMESTAMP(3)) AS age_s, "
    + "IF(in_flight_until > UTC_TIMESTAMP(3), in_flight, 0) AS in_flight "
    + "FROM login_failures WHERE kind = ? AND throttle_key = ? FOR UPDATE";
  private static final String ADMIT = "UPDATE login_failures SET failures = ?, in_flight = ?, "
    + "in_flight_until = TIMESTAMPADD(SECOND, " + IN_FLIGHT_SECONDS + ", UTC_TIMESTAMP(3)) "
    + "WHERE kind = ? AND throttle_key = ?";
  private static final String FAIL = "UPDATE login_failures SET failures = ?, in_flight = ?, "
    + "last_failure_at = UTC_TIMESTAMP(3), "
    + "locked_until = IF(? > 0, TIMESTAMPADD(MICROSECOND, ? * 1000, UTC_TIMESTAMP(3)), NULL) "
    + "WHERE kind = ? AND throttle_key = ?";
  private static final String RESET = "DELETE FROM login_failures WHERE kind = ? AND throttle_key = ?";
  private static final String SWEEP = "DELETE FROM login_failures WHERE last_failure_at < "
    + "TIMESTAMPADD(SECOND, -?, UTC_TIMESTAMP(3)) AND (locked_until IS NULL OR locked_until < UTC_TIMESTAMP(3)) "
    + "AND (in_flight_until IS NULL OR in_flight_until < UTC_TIMESTAMP(3)) LIMIT 1000";

  private final Vertx vertx;
  private final Pool pool;
  private final UserConfig.ThrottleConfig cfg;

  LoginThrottle(Vertx vertx, Pool pool, UserConfig.ThrottleConfig cfg) {
    this.vertx = vertx;
    this.pool = pool;
    this.cfg = cfg;
  }

  private record Counter(int failures, int inFlight) {
  }

  /**
   * Admits one login attempt, or fails with 429 and the wait when the account or the address is
   * locked, or the account already has as many attempts in flight as failures left.
   */
  Future<Void> admit(String accountKey, String addressKey) {
    return Database.inTransaction(vertx, pool, tx -> read(tx, ACCOUNT, accountKey)
      .compose(counter -> tx.preparedQuery(LOCKS).execute(Tuple.of(ACCOUNT, accountKey, ADDRESS, addressKey))
        .compose(locks -> {
          long remainingUs = 0;
          for (Row r : locks) {
            remainingUs = Math.max(remainingUs, r.getLong("remaining_us"));
          }
          if (remainingUs > 0) {
            return Future.failedFuture(throttled(remainingUs));
          }
          if (counter.inFlight() >= Math.max(1, cfg.accountFreeFailures() - counter.failures())) {
            return Future.failedFuture(throttled(1));
          }
          return tx.preparedQuery(ADMIT)
            .execute(Tuple.of(counter.failures(), counter.inFlight() + 1, ACCOUNT, accountKey)).mapEmpty();
        })));
  }

  /** The password was right: the account starts afresh. */
  Future<Void> succeeded(String accountKey) {
    return pool.preparedQuery(RESET).execute(Tuple.of(ACCOUNT, accountKey)).mapEmpty();
  }

  /** The password was wrong: one more failure for the account and for the address. */
  Future<Void> failed(String accountKey, String addressKey) {
    return Database.inTransaction(vertx, pool, tx -> fail(tx, ACCOUNT, accountKey, cfg.accountFreeFailures()))
      .compose(v -> Database.inTransaction(vertx, pool, tx -> fail(tx, ADDRESS, addressKey,
        cfg.addressFreeFailures())));
  }

  /** Forgets counters quiet for longer than the window whose lock is over. */
  Future<Integer> sweep() {
    return pool.preparedQuery(SWEEP).execute(Tuple.of(cfg.windowSeconds())).map(rows -> rows.rowCount());
  }

  private Future<Counter> read(SqlConnection tx, String kind, String key) {
    return tx.preparedQuery(TOUCH).execute(Tuple.of(kind, key))
      .compose(v -> tx.preparedQuery(READ).execute(Tuple.of(kind, key)))
      .map(rows -> {
        Row r = rows.iterator().next();
        boolean stale = r.getLong("age_s") > cfg.windowSeconds();
        return new Counter(stale ? 0 : r.getInteger("failures"), r.getInteger("in_flight"));
      });
  }

  private Future<Void> fail(SqlConnection tx, String kind, String key, int freeFailures) {
    return read(tx, kind, key).compose(c -> {
      int failures = c.failures() + 1;
      long lockMs = lockMs(failures, freeFailures);
      return tx.preparedQuery(FAIL)
        .execute(Tuple.of(failures, Math.max(0, c.inFlight() - 1), lockMs, lockMs, kind, key)).mapEmpty();
    });
  }

  /** 0 below the free failures, then base, 2 x base, 4 x base ... capped. */
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

  static Throttled throttled(long remainingUs) {
    long seconds = Math.max(1, (remainingUs + 999_999) / 1_000_000);
    return new Throttled("too_many_attempts", "Too many failed logins, try again in " + seconds + " s", seconds);
  }
}
