package shop.common.delivery;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shop.common.db.Database;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Claims over a delivery table: one with {@code id}, {@code status} ('pending' until settled),
 * {@code next_attempt_at}, {@code claimed_by}, {@code claim_until}, an index on
 * {@code (status, next_attempt_at)} and one on {@code claimed_by}. Several instances share a table:
 * a row is claimed by one conditional UPDATE (a token and an expiry), so two never hold it at once,
 * and only the holder may release it.
 */
public final class ClaimTable<M extends Deliverable> {

  private static final Logger LOG = LoggerFactory.getLogger(ClaimTable.class);
  private static final String DUE = "status = 'pending' AND next_attempt_at <= UTC_TIMESTAMP(3) "
    + "AND (claim_until IS NULL OR claim_until < UTC_TIMESTAMP(3))";
  private static final String HOLD = "claimed_by = ?, claim_until = UTC_TIMESTAMP(3) + INTERVAL ? MICROSECOND";
  /** A release that does not land is tried again this often (0.5 s, 1 s, … ≈ 14 s in all). */
  private static final int RELEASE_TRIES = 8;

  private final Vertx vertx;
  private final Pool pool;
  private final String table;
  private final Function<Row, M> mapper;
  private final String claimDue;
  private final String claimOne;
  private final String claimed;
  private final String renew;
  private volatile boolean closed;

  /**
   * The claim has no ORDER BY: the server walks the due index (status, next_attempt_at, then the
   * primary key), oldest due first, and stops at the limit. With ORDER BY id, or even ORDER BY
   * next_attempt_at, id, MariaDB chose to read every due row and sort them, so each claim cost as
   * much as the whole backlog (measured on the outbox: 13M index reads in one benchmark phase with
   * 30k rows waiting). No order between the rows of one claim is promised anyway.
   */
  public ClaimTable(Vertx vertx, Pool pool, String table, String columns, Function<Row, M> mapper) {
    this.vertx = vertx;
    this.pool = pool;
    this.table = table;
    this.mapper = mapper;
    this.claimDue = "UPDATE " + table + " SET " + HOLD + " WHERE " + DUE + " LIMIT ?";
    this.claimOne = "UPDATE " + table + " SET " + HOLD + " WHERE id = ? AND " + DUE;
    this.claimed = "SELECT " + columns + " FROM " + table + " WHERE claimed_by = ? AND status = 'pending' ORDER BY id";
    this.renew = "UPDATE " + table + " SET claim_until = UTC_TIMESTAMP(3) + INTERVAL ? MICROSECOND "
      + "WHERE claimed_by = ? AND status = 'pending'";
  }

  /** Claims up to {@code limit} due rows for {@code claimMs} under {@code claim} and reads them. */
  public Future<List<M>> claimDue(String claim, long claimMs, int limit) {
    return claim(claimDue, Tuple.of(claim, claimMs * 1000, limit), claim);
  }

  /** Claims row {@code id} if it is due and nobody holds it. */
  public Future<List<M>> claimOne(long id, String claim, long claimMs) {
    return claim(claimOne, Tuple.of(claim, claimMs * 1000, id), claim);
  }

  private Future<List<M>> claim(String sql, Tuple args, String claim) {
    return Database.retrying(vertx, () -> pool.preparedQuery(sql).execute(args))
      .compose(res -> res.rowCount() == 0 ? Future.succeededFuture(List.of())
        : pool.preparedQuery(claimed).execute(Tuple.of(claim)).map(rows -> {
          List<M> out = new ArrayList<>();
          rows.forEach(r -> out.add(mapper.apply(r)));
          return out;
        }));
  }

  /** How the server would run the claim ({@code EXPLAIN}): which index it walks, and whether it sorts. */
  public Future<JsonObject> claimPlan() {
    return pool.preparedQuery("EXPLAIN " + claimDue).execute(Tuple.of("plan", 1_000, 50))
      .map(rows -> rows.iterator().next().toJson());
  }

  /** Extends {@code claim} on the rows it still holds; answers how many. */
  public Future<Integer> renew(String claim, long claimMs) {
    return pool.preparedQuery(renew).execute(Tuple.of(claimMs * 1000, claim)).map(rows -> rows.rowCount());
  }

  /**
   * {@code UPDATE table SET <set>, claimed_by = NULL, claim_until = NULL WHERE id IN (…) AND claimed_by = ?}
   * with {@code args} for the placeholders of {@code set}, the same for every row; answers how many
   * rows it released (fewer than {@code ids} when another instance took some over). It is what keeps
   * a message from going out again, so a database that does not answer is tried again for a while
   * (the claim is renewed meanwhile).
   */
  public Future<Integer> release(String claim, List<Long> ids, String set, Object... args) {
    GroupRelease release = new GroupRelease(set);
    ids.forEach(id -> release.add(id, claim, args));
    return release(release);
  }

  /**
   * The same for rows of any number of claims, each with its own values, in one statement: each row
   * is released only if its own claim still holds it ({@link GroupRelease}).
   */
  public Future<Integer> release(GroupRelease release) {
    if (release.isEmpty()) {
      return Future.succeededFuture(0);
    }
    GroupRelease.Statement st = release.statement(table);
    return persistently(() -> pool.preparedQuery(st.sql()).execute(st.args()).map(rows -> rows.rowCount()), 1);
  }

  private <T> Future<T> persistently(Supplier<Future<T>> statement, int attempt) {
    return Database.retrying(vertx, statement).recover(err -> {
      if (attempt >= RELEASE_TRIES || closed) {
        return Future.failedFuture(err);
      }
      LOG.warn("{}: releasing claimed rows failed (try {}), trying again: {}", table, attempt, err.toString());
      return vertx.timer(500L * attempt).compose(v -> persistently(statement, attempt + 1));
    });
  }

  /** Stops trying releases again: the service is stopping. */
  void close() {
    closed = true;
  }
}
