package shop.common.auth;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shop.common.config.Config;
import shop.common.config.ConfigException;
import shop.common.db.Database;
import shop.common.db.DbConfig;
import shop.common.http.Http;

import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One verticle instance's view of the token revocations stored in its service's
 * {@code token_revocations} table ({@link Revocation}): read whole at start, then the rows changed
 * since the last read every {@code REVOCATION_REFRESH_MS} (1 s). {@link Auth} asks
 * {@link #revokes(Principal)} on every request, so a revocation stored here applies within one
 * refresh, to remembered tokens too.
 *
 * <p>A row matters only while tokens issued before it can still be alive, so rows older than the
 * retention (twice {@code JWT_TTL_MINUTES}, at least a day) are forgotten and pruned.
 */
public final class Revocations {

  private static final Logger LOG = LoggerFactory.getLogger(Revocations.class);
  /* Rows are read again from a little before the last read began: a row written while that read
     ran, but committed after it, is not missed. */
  private static final long OVERLAP_MS = 5_000;
  static final int START_ATTEMPTS = 8;
  static final long START_RETRY_MS = 1_000;
  private static final long PRUNE_EVERY_MS = 10 * 60_000;
  private static final long MIN_RETENTION_MS = TimeUnit.DAYS.toMillis(1);

  private static final String CHANGED = "SELECT user_id, min_token_version, status, updated_at FROM token_revocations "
    + "WHERE updated_at >= TIMESTAMPADD(MICROSECOND, -?, UTC_TIMESTAMP(3))";
  private static final String PRUNE = "DELETE FROM token_revocations "
    + "WHERE updated_at < TIMESTAMPADD(SECOND, -?, UTC_TIMESTAMP(3)) LIMIT 1000";

  private record Entry(long minVersion, boolean active, long updatedAtMillis) {
  }

  private final Vertx vertx;
  private final Pool pool;
  private final long refreshMs;
  private final long retentionMs;
  private final Map<Long, Entry> entries = new ConcurrentHashMap<>();
  private long lastReadStartedAt = -1;
  private long lastPrunedAt;
  private long timer = -1;
  private boolean running;

  public Revocations(Vertx vertx, Pool pool, JsonObject conf) {
    this.vertx = vertx;
    this.pool = pool;
    this.refreshMs = Config.longValue(conf, "REVOCATION_REFRESH_MS", 1_000);
    if (refreshMs < 50) {
      throw new ConfigException("REVOCATION_REFRESH_MS must be at least 50");
    }
    this.retentionMs = Math.max(MIN_RETENTION_MS, 2 * TimeUnit.MINUTES.toMillis(Config.integer(conf, "JWT_TTL_MINUTES", 60)));
  }

  /** Creates {@code token_revocations} in the service's database (its own migration history). */
  public static Future<Void> migrate(Vertx vertx, DbConfig db) {
    return Database.migrate(vertx, db, "db/revocations", "flyway_revocations_history");
  }

  /**
   * {@code PUT /internal/revocations/{user_id}} for the user service's outbox: service token only,
   * stores the announcement (keeping the highest version) and answers 204.
   */
  public static void mount(Router router, Auth auth, Pool pool) {
    router.put(Revocation.ROUTE).handler(auth.authenticate()).handler(Auth.requireAny(Principal.SERVICE))
      .handler(ctx -> {
        Revocation r = Revocation.from(Http.pathId(ctx, "user_id"), Http.bodyObject(ctx));
        Http.reply(ctx, 204, Database.retrying(ctx.vertx(), () -> r.save(pool)));
      });
  }

  /** Reads the table (a service started after an announcement knows it before it serves), then keeps reading. */
  /**
   * The first read must succeed before the service takes a request (a revoked token would pass
   * otherwise). A database slow to give the first connection (a busy machine, a server still
   * starting) gets more tries, {@value #START_ATTEMPTS} in all, {@value #START_RETRY_MS} ms apart,
   * before the start fails.
   */
  public Future<Void> start() {
    running = true;
    return firstRead(START_ATTEMPTS).onSuccess(v -> schedule());
  }

  private Future<Void> firstRead(int attemptsLeft) {
    return refresh().recover(err -> {
      if (attemptsLeft <= 1 || !running) {
        return Future.failedFuture(err);
      }
      LOG.warn("reading token revocations failed ({}), {} more tries", err.toString(), attemptsLeft - 1);
      Promise<Void> next = Promise.promise();
      vertx.setTimer(START_RETRY_MS, id -> firstRead(attemptsLeft - 1).onComplete(next));
      return next.future();
    });
  }

  public void stop() {
    running = false;
    vertx.cancelTimer(timer);
  }

  /** True when {@code p}'s user has revoked the tokens {@code p} belongs to. */
  public boolean revokes(Principal p) {
    if (p.userId() == null) {
      return false;
    }
    Entry e = entries.get(p.userId());
    return e != null && (!e.active() || p.tokenVersion() < e.minVersion());
  }

  private void schedule() {
    if (running) {
      timer = vertx.setTimer(refreshMs, id -> refresh()
        .onFailure(err -> LOG.warn("reading token revocations failed: {}", err.toString()))
        .onComplete(ar -> schedule()));
    }
  }

  Future<Void> refresh() {
    long startedAt = System.currentTimeMillis();
    long windowMs = lastReadStartedAt < 0 ? retentionMs : startedAt - lastReadStartedAt + OVERLAP_MS;
    return pool.preparedQuery(CHANGED).execute(Tuple.of(windowMs * 1000)).map(rows -> {
      for (Row r : rows) {
        long updatedAt = r.getLocalDateTime("updated_at").toInstant(ZoneOffset.UTC).toEpochMilli();
        entries.merge(r.getLong("user_id"), new Entry(r.getLong("min_token_version"),
            Revocation.ACTIVE.equals(r.getString("status")), updatedAt),
          (old, now) -> now.minVersion() >= old.minVersion() ? now : old);
      }
      lastReadStartedAt = startedAt;
      forgetOld(startedAt);
      return null;
    });
  }

  private void forgetOld(long now) {
    if (now - lastPrunedAt < PRUNE_EVERY_MS) {
      return;
    }
    lastPrunedAt = now;
    entries.values().removeIf(e -> e.updatedAtMillis() < now - retentionMs);
    pool.preparedQuery(PRUNE).execute(Tuple.of(retentionMs / 1000))
      .onFailure(err -> LOG.warn("pruning token revocations failed: {}", err.toString()));
  }

  /** How many users' revocations are held now (for tests). */
  int size() {
    return entries.size();
  }
}
