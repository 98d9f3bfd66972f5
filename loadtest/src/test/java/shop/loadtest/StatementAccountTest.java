package shop.loadtest;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import shop.common.db.Database;
import shop.common.db.DbConfig;
import shop.testing.TestDatabaseServer;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The account against a real MariaDB with performance_schema on, as the benchmark starts it: the
 * services' prepared statements (Vert.x MySQL client, binary protocol, statement cache) must appear
 * under their digests with exact counts, and the total must match the server's Questions counter.
 */
class StatementAccountTest {

  private static TestDatabaseServer.Embedded maria;
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    maria = TestDatabaseServer.startMariaDb4j(true, List.of("--performance-schema=ON"));
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    maria.db().stop();
  }

  @Test
  void preparedStatementsOfAServiceAreCountedUnderTheirDigestsAndMatchQuestions() throws Exception {
    DbConfig base = maria.config();
    try (Connection c = StockAudit.connect(base, ""); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE IF NOT EXISTS acct_db");
      st.execute("CREATE TABLE IF NOT EXISTS acct_db.items (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(40))");
    }
    DbConfig db = new DbConfig(base.host(), base.port(), base.user(), base.password(), "acct_db", 2, 512, 1, 16,
      base.timeoutMs());
    Pool pool = Database.pool(vertx, db);
    // connections open and the insert is prepared (and run) before the phase starts, as the
    // services' statements are during a warm-up: its executions after the start must still count
    get(pool.query("SELECT 1").execute());
    get(pool.preparedQuery("INSERT INTO items (name) VALUES (?)").execute(Tuple.of("warm-up")));

    long questionsBefore;
    long executeBefore;
    StatementAccount.Start start;
    try (Connection c = StockAudit.connect(base, "")) {
      start = StatementAccount.reset(c);
      questionsBefore = status(c, "Questions");
      executeBefore = status(c, "Com_stmt_execute");
    }
    for (int i = 0; i < 30; i++) {
      get(pool.preparedQuery("INSERT INTO items (name) VALUES (?)").execute(Tuple.of("n" + i)));
    }
    for (int i = 0; i < 20; i++) {
      get(pool.preparedQuery("SELECT name FROM items WHERE id = ?").execute(Tuple.of(i + 1)));
    }
    get(pool.withTransaction(tx -> tx.preparedQuery("UPDATE items SET name = ? WHERE id = ?")
      .execute(Tuple.of("x", 1))));
    get(pool.query("SELECT COUNT(*) FROM items").execute());
    List<StatementAccount.Digest> digests;
    long questions;
    long executes;
    try (Connection c = StockAudit.connect(base, "")) {
      questions = status(c, "Questions") - questionsBefore;
      executes = status(c, "Com_stmt_execute") - executeBefore;
      digests = StatementAccount.read(c, start);
    }
    get(pool.close());

    StatementAccount.Account account = StatementAccount.account(digests, 10, questions, executes, 0);
    assertEquals(30, count(account, "[prepared] INSERT INTO items"), "the warm-up's execution is not in the phase: "
      + account.services());
    assertEquals(30, count(account, "[prepared] INSERT INTO items"), account.services().toString());
    assertEquals(20, count(account, "[prepared] SELECT name FROM items"), account.services().toString());
    assertEquals(1, count(account, "[prepared] UPDATE items"), account.services().toString());
    assertEquals(1, count(account, "BEGIN"), "the transaction's BEGIN is a text query, in the digests");
    assertEquals(1, count(account, "SELECT COUNT ( * ) FROM `items`"), account.services().toString());
    // the insert first: most frequent first, and per request over 10 units
    assertTrue(account.services().get(0).text().startsWith("[prepared] INSERT INTO items"), account.services().toString());
    assertEquals(3.0, account.perUnit(account.services().get(0).count()), 1e-9);
    assertTrue(account.benchmarkOwn() >= 1, "the Questions read on a connection without a database is the benchmark's own");
    assertEquals(51, executes);
    assertEquals(51, account.preparedCount(), "every prepared execution is in the account");
    String md = account.markdown("orders");
    assertTrue(md.contains("all accounted for"), "Questions and the account agree but for the counter reads: " + md);
    assertTrue(md.contains("Prepared executions in the account 51, `Com_stmt_execute` 51 (equal)"), md);
    assertTrue(md.contains("| acct_db | `[prepared] INSERT INTO items (name) VALUES (?)` | 3.00 |"), md);
  }

  @Test
  void digestsWithoutADatabaseAreTheBenchmarksOwnAndMissingStatementsAreSaid() {
    List<StatementAccount.Digest> digests = List.of(
      new StatementAccount.Digest("order_db", "INSERT INTO `orders`  ( ? )", 100, 20.0),
      new StatementAccount.Digest(null, "SHOW GLOBAL STATUS", 2, 1.0),
      new StatementAccount.Digest("product_db", "SELECT * FROM `products` WHERE `id` = ?", 300, 30.0));
    StatementAccount.Account a = StatementAccount.account(digests, 100, 410, 0, 0);
    assertEquals(List.of("product_db", "order_db"), a.services().stream().map(StatementAccount.Digest::schema).toList());
    assertEquals("INSERT INTO `orders` ( ? )", a.services().get(1).text(), "blank runs made single");
    assertEquals(2, a.benchmarkOwn());
    assertEquals(402.0 / 410, a.coverage(), 1e-9);
    assertTrue(a.markdown("orders").contains("8 not in the account"), a.markdown("orders"));
    assertTrue(StatementAccount.account(digests, 100, 405, 0, 0).coverageNote().startsWith("all accounted for, ±3"));
    assertTrue(StatementAccount.account(digests, 100, 410, 0, 7).markdown("orders")
      .contains("could not instrument 7 prepared statements"), "the server's own count of what it missed is said");
    assertTrue(a.markdown("orders").contains("4.0 statements per request"), a.markdown("orders"));
  }

  private static long count(StatementAccount.Account a, String prefix) {
    return a.services().stream().filter(d -> d.text().startsWith(prefix)).mapToLong(StatementAccount.Digest::count)
      .sum();
  }

  private static long status(Connection c, String name) throws Exception {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW GLOBAL STATUS LIKE '" + name + "'")) {
      rs.next();
      return rs.getLong(2);
    }
  }

  private static <T> T get(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
