package shop.testing.compose;

import ch.vorburger.exec.ManagedProcessException;
import shop.common.db.DbConfig;
import shop.testing.TestDatabaseServer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * The compose {@code mysql} service played by an embedded MariaDB with real accounts: a root
 * for TCP clients as the mysql image's entrypoint makes one, then docker/mysql/init/01-databases.sh's
 * SQL for compose's mysql environment, so the services log in with their least-privilege users.
 */
public final class MysqlStandIn {

  private MysqlStandIn() {
  }

  public static TestDatabaseServer.Embedded start(Map<String, String> mysqlEnv) {
    TestDatabaseServer.Embedded db = TestDatabaseServer.startMariaDb4j(false);
    try {
      DbConfig root = remoteRoot(db, mysqlEnv.get("MYSQL_ROOT_PASSWORD"));
      applyInitScript(mysqlEnv, root);
      return db;
    } catch (RuntimeException | Error e) {
      try {
        db.db().stop();
      } catch (ManagedProcessException stop) {
        e.addSuppressed(stop);
      }
      throw e;
    }
  }

  /**
   * What the mysql image's entrypoint does before the init scripts: a root account for TCP
   * clients with MYSQL_ROOT_PASSWORD. A fresh server's only administrator is the OS user that
   * installed it, on the socket with unix_socket authentication: the bundled client logs in as that user.
   */
  private static DbConfig remoteRoot(TestDatabaseServer.Embedded db, String password) {
    try {
      String sql = "CREATE USER 'root'@'%' IDENTIFIED BY '" + password + "';"
        + " GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION;";
      db.db().run(sql, System.getProperty("user.name"), null);
    } catch (ManagedProcessException e) {
      throw new AssertionError("cannot create the remote root account on the embedded MariaDB", e);
    }
    DbConfig c = db.config();
    return new DbConfig(c.host(), c.port(), "root", password, "mysql", 1, 1, 1);
  }

  /** Runs the SQL that docker/mysql/init/01-databases.sh produces for compose's mysql env, as root. */
  private static void applyInitScript(Map<String, String> mysqlEnv, DbConfig root) {
    InitScript.Result sql = InitScript.printSql(mysqlEnv);
    if (sql.exitCode() != 0) {
      throw new AssertionError("01-databases.sh failed: " + sql.stderr());
    }
    String url = "jdbc:mariadb://" + root.host() + ":" + root.port() + "/";
    try (Connection c = DriverManager.getConnection(url, root.user(), root.password());
         Statement st = c.createStatement()) {
      for (String statement : sql.statements()) {
        st.execute(statement);
      }
    } catch (SQLException e) {
      throw new AssertionError("applying the init script's SQL failed: " + e.getMessage(), e);
    }
  }

}
