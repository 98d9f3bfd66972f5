package shop.common.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.mysqlclient.MySQLBuilder;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.mysqlclient.MySQLException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shop.common.http.Deadline;
import shop.common.value.Listing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/** Pools, migrations and transactions that survive MySQL's deadlock victims. */
public final class Database {

  private static final Logger LOG = LoggerFactory.getLogger(Database.class);
  private static final int ER_LOCK_DEADLOCK = 1213;
  private static final int ER_LOCK_WAIT_TIMEOUT = 1205;
  private static final int ER_DUP_ENTRY = 1062;
  private static final int TX_ATTEMPTS = 6;

  private Database() {
  }

  /**
   * A pool for one verticle instance: its connections live on that instance's event loop.
   * The prepared-statement cache is on; the wait queue is bounded, so an overloaded pool fails
   * at once (answered 503) instead of queueing for ever.
   *
   * <p>Every wait on the database is bounded by {@code timeoutMs} ({@code DB_TIMEOUT_MS}): a
   * connection that receives nothing for that long while a statement is out is closed by its
   * socket's read-idle timer, which fails the statement (and the transaction: a closed connection
   * is rolled back by the server), and the pool drops it instead of handing it out again; waiting
   * for a pooled connection and connecting are bounded alike. A frozen server therefore costs a
   * statement at most about that long (a request as a whole is bounded by its deadline,
   * {@code shop.common.http.Deadline}), and once it answers again new connections serve at once;
   * the server for its part ends a session whose client went silent ({@link SessionBounds}).
   * The SQL client has no per-statement timeout, and {@code close()} on a pooled connection only
   * returns it to the pool, so the socket timer is the one bound that covers pool-level statements
   * too ({@link ReadTimeout} puts it there: Vert.x 5.0.7's MySQL driver ignores the transport
   * options). An idle pooled connection would trip the same timer, so the pool retires idle
   * connections itself (politely, with COM_QUIT) before it would fire.
   */
  public static Pool pool(Vertx vertx, DbConfig db) {
    PoolOptions pool = poolOptions(db, db.poolSize(), "")
      .setIdleTimeout(Math.max(100, db.timeoutMs() / 2))
      .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    return MySQLBuilder.pool().with(pool).with(transport(db)).connectingTo(connectOptions(db))
      .withConnectHandler(new SessionBounds(db.timeoutMs())).using(vertx).build();
  }

  /**
   * A pooled client for reads outside transactions: with pipelining (MySQL pipelines only through
   * {@code MySQLBuilder.client()}) several queries share one connection's round trip.
   */
  public static SqlClient readClient(Vertx vertx, DbConfig db) {
    MySQLConnectOptions connect = connectOptions(db).setPipeliningLimit(Math.max(1, db.readPipeliningLimit()));
    PoolOptions pool = poolOptions(db, Math.max(1, db.poolSize() / 2), "-reads")
      .setIdleTimeout(Math.max(100, db.timeoutMs() / 2))
      .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    return MySQLBuilder.client().with(pool).with(transport(db)).connectingTo(connect)
      .withConnectHandler(new SessionBounds(db.timeoutMs())).using(vertx).build();
  }

  private static PoolOptions poolOptions(DbConfig db, int size, String kind) {
    return new PoolOptions()
      // one pool per verticle instance: a distinct name keeps their metrics apart
      .setName(db.database() + kind + "-" + UUID.randomUUID().toString().substring(0, 8))
      .setMaxSize(size)
      .setMaxWaitQueueSize(db.waitQueueSize())
      .setConnectionTimeout(db.timeoutMs())
      .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
      .setPoolCleanerPeriod(Math.max(50, db.timeoutMs() / 4));
  }

  /** The sockets' bounds: connecting, and silence while the client waits for the server. */
  private static NetClientOptions transport(DbConfig db) {
    return new NetClientOptions()
      .setConnectTimeout(db.timeoutMs())
      .setReadIdleTimeout(db.timeoutMs())
      .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
      .setTcpNoDelay(true);
  }

  public static MySQLConnectOptions connectOptions(DbConfig db) {
    return new MySQLConnectOptions()
      .setHost(db.host())
      .setPort(db.port())
      .setUser(db.user())
      .setPassword(db.password())
      .setDatabase(db.database())
      .setCharset("utf8mb4")
      .setCachePreparedStatements(true)
      .setPreparedStatementCacheMaxSize(256)
      .setPipeliningLimit(Math.max(1, db.pipeliningLimit()))
      // a statement is traced when the request it serves is (tracing on); a timer's statements are not
      .setTracingPolicy(TracingPolicy.PROPAGATE);
  }

  /** Creates the database when it is missing (and we may), then applies {@code classpath:location}. */
  public static Future<Void> migrate(Vertx vertx, DbConfig db, String location) {
    return migrate(vertx, db, location, "flyway_schema_history");
  }

  /**
   * As {@link #migrate(Vertx, DbConfig, String)}, keeping its history in {@code historyTable}.
   * Verticle instances of one process migrate one at a time (a local lock); another process
   * migrating the same database at the same moment can make Flyway fail once, so a failure is
   * tried again after a pause, when the other has finished.
   */
  public static Future<Void> migrate(Vertx vertx, DbConfig db, String location, String historyTable) {
    String lock = "flyway:" + db.host() + ":" + db.port() + "/" + db.database() + ":" + location;
    return vertx.sharedData().withLocalLock(lock, 120_000, () -> flyway(vertx, db, location, historyTable)
      .recover(err -> {
        LOG.warn("migrating {} from {} failed ({}); trying again", db.database(), location, err.getMessage());
        return vertx.timer(1_000 + ThreadLocalRandom.current().nextLong(1_000))
          .compose(v -> flyway(vertx, db, location, historyTable));
      }));
  }

  private static Future<Void> flyway(Vertx vertx, DbConfig db, String location, String historyTable) {
    return vertx.executeBlocking(() -> {
      createDatabaseIfMissing(db);
      Flyway.configure()
        .dataSource(db.jdbcUrl(), db.user(), db.password())
        .locations("classpath:" + location)
        .table(historyTable)
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
      return null;
    }, false);
  }

  /** Runs one statement again when MySQL chose it as a deadlock victim (nothing was written). */
  public static <T> Future<T> retrying(Vertx vertx, java.util.function.Supplier<Future<T>> statement) {
    return retrying(vertx, statement, 1);
  }

  private static <T> Future<T> retrying(Vertx vertx, java.util.function.Supplier<Future<T>> statement, int n) {
    return statement.get().recover(err -> n < TX_ATTEMPTS && isRetryable(err)
      ? vertx.timer(2L * n + ThreadLocalRandom.current().nextLong(5L * n)).compose(v -> retrying(vertx, statement, n + 1))
      : Future.failedFuture(err));
  }

  static void createDatabaseIfMissing(DbConfig db) throws SQLException {
    if (!db.database().matches("[A-Za-z0-9_]+")) {
      throw new IllegalArgumentException("database name must be letters, digits and _");
    }
    try (Connection c = DriverManager.getConnection(db.jdbcServerUrl(), db.user(), db.password());
         PreparedStatement exists = c.prepareStatement(
           "SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?")) {
      exists.setString(1, db.database());
      try (ResultSet rs = exists.executeQuery()) {
        if (rs.next()) {
          return;
        }
      }
      try (Statement create = c.createStatement()) {
        create.execute("CREATE DATABASE IF NOT EXISTS `" + db.database()
          + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        LOG.info("created database {}", db.database());
      }
    }
  }

  /**
   * Runs {@code work} in a transaction, again from the start when MySQL picked it as a deadlock
   * victim or a lock wait timed out: both leave nothing written, so a retry is safe. Run for a
   * request, the transaction keeps to the request's {@link Deadline}: it does not start once the
   * request has been answered 503, and one still open when that happens is cut off (rolled back).
   */
  public static <T> Future<T> inTransaction(Vertx vertx, Pool pool, Function<SqlConnection, Future<T>> work) {
    Deadline deadline = Deadline.current();
    return deadline.passed() ? Future.failedFuture(Deadline.tooLate()) : attempt(vertx, pool, deadline, work, 1);
  }

  /**
   * As {@link #inTransaction}, for work that settles what a request left unfinished (a checkout
   * given up): it runs even after the request's deadline, bounded by {@code DB_TIMEOUT_MS} alone.
   */
  public static <T> Future<T> settling(Vertx vertx, Pool pool, Function<SqlConnection, Future<T>> work) {
    return attempt(vertx, pool, null, work, 1);
  }

  private static <T> Future<T> attempt(Vertx vertx, Pool pool, Deadline deadline,
                                       Function<SqlConnection, Future<T>> work, int n) {
    Future<T> tx = deadline == null ? pool.withTransaction(work) : within(pool, deadline, work);
    return tx.recover(err -> {
      if (n < TX_ATTEMPTS && isRetryable(err) && (deadline == null || !deadline.passed())) {
        long delay = 2L * n + ThreadLocalRandom.current().nextLong(5L * n);
        return vertx.timer(delay).compose(v -> attempt(vertx, pool, deadline, work, n + 1));
      }
      return Future.failedFuture(err);
    });
  }

  /** One transaction whose connection is cut if {@code deadline} passes before it has ended, COMMIT included. */
  private static <T> Future<T> within(Pool pool, Deadline deadline, Function<SqlConnection, Future<T>> work) {
    AtomicReference<SqlConnection> open = new AtomicReference<>();
    Runnable forget = deadline.whilePending(() -> {
      SqlConnection conn = open.get();
      if (conn != null) {
        Sockets.cut(conn);
      }
    });
    return pool.withTransaction(conn -> {
      if (deadline.passed()) {
        return Future.<T>failedFuture(Deadline.tooLate());
      }
      open.set(conn);
      return work.apply(conn);
    }).onComplete(ar -> forget.run());
  }

  /** One page of rows and the count of all, read side by side: a listing as every service answers it. */
  public static <T> Future<Listing<T>> listing(Future<RowSet<Row>> rows, Future<RowSet<Row>> count,
                                               Function<Row, T> mapper) {
    return Future.all(rows, count).map(v -> {
      List<T> items = new ArrayList<>();
      rows.result().forEach(r -> items.add(mapper.apply(r)));
      return new Listing<>(items, count.result().iterator().next().getLong(0));
    });
  }

  /** The row a query found, or empty. */
  public static <T> Optional<T> first(RowSet<Row> rows, Function<Row, T> mapper) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(mapper.apply(rows.iterator().next()));
  }

  public static boolean isRetryable(Throwable err) {
    return err instanceof MySQLException e
      && (e.getErrorCode() == ER_LOCK_DEADLOCK || e.getErrorCode() == ER_LOCK_WAIT_TIMEOUT);
  }

  public static boolean isDuplicateKey(Throwable err) {
    return err instanceof MySQLException e && e.getErrorCode() == ER_DUP_ENTRY;
  }
}
