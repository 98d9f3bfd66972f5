package shop.common.db;

import io.vertx.core.json.JsonObject;
import shop.common.config.Config;
import shop.common.config.ConfigException;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a service's database lives. From {@code DATABASE_URI} ({@code mysql://user:pass@host:port/db}
 * or the Flask-era {@code mysql+pymysql://…}), else {@code DB_HOST}/{@code DB_PORT}/{@code DB_USER}/
 * {@code DB_PASSWORD} with the service's own database name. {@code timeoutMs} bounds every wait on
 * the database (see {@link Database#pool}).
 */
public record DbConfig(String host, int port, String user, String password, String database,
                       int poolSize, int waitQueueSize, int pipeliningLimit, int readPipeliningLimit,
                       int timeoutMs) {

  public static final int DEFAULT_TIMEOUT_MS = 3_000;
  /** Below this a busy but healthy server would be taken for a dead one. */
  static final int MIN_TIMEOUT_MS = 200;

  public DbConfig {
    if (timeoutMs < MIN_TIMEOUT_MS) {
      throw new ConfigException("DB_TIMEOUT_MS must be at least " + MIN_TIMEOUT_MS);
    }
  }

  public DbConfig(String host, int port, String user, String password, String database, int poolSize,
                  int waitQueueSize, int pipeliningLimit) {
    this(host, port, user, password, database, poolSize, waitQueueSize, pipeliningLimit, 16, DEFAULT_TIMEOUT_MS);
  }

  public static DbConfig from(JsonObject conf, String defaultDatabase) {
    int poolSize = Config.integer(conf, "DB_POOL_SIZE", 6);
    int waitQueue = Config.integer(conf, "DB_WAIT_QUEUE_SIZE", 512);
    int pipelining = Config.integer(conf, "DB_PIPELINING_LIMIT", 1);
    int readPipelining = Config.integer(conf, "DB_READ_PIPELINING_LIMIT", 16);
    int timeout = Config.integer(conf, "DB_TIMEOUT_MS", DEFAULT_TIMEOUT_MS);
    String uri = Config.string(conf, "DATABASE_URI", null);
    if (uri != null) {
      DbConfig c = parseUri(uri, poolSize, waitQueue, pipelining);
      return new DbConfig(c.host, c.port, c.user, c.password, c.database, poolSize, waitQueue, pipelining,
        readPipelining, timeout);
    }
    return new DbConfig(
      Config.string(conf, "DB_HOST", "localhost"),
      Config.integer(conf, "DB_PORT", 3306),
      Config.string(conf, "DB_USER", "root"),
      Config.string(conf, "DB_PASSWORD", ""),
      Config.string(conf, "DB_NAME", defaultDatabase),
      poolSize, waitQueue, pipelining, readPipelining, timeout);
  }

  static DbConfig parseUri(String raw, int poolSize, int waitQueue, int pipelining) {
    URI uri;
    try {
      uri = URI.create(raw.trim());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("DATABASE_URI is not a valid URI");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
    if (!scheme.equals("mysql") && !scheme.startsWith("mysql+") && !scheme.equals("mariadb")) {
      throw new ConfigException("DATABASE_URI must start with mysql:// or mysql+pymysql://");
    }
    if (uri.getHost() == null) {
      throw new ConfigException("DATABASE_URI has no host");
    }
    String user = "root";
    String password = "";
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
      password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
    }
    String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
    if (path.isEmpty()) {
      throw new ConfigException("DATABASE_URI names no database");
    }
    return new DbConfig(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 3306, user, password, path,
      poolSize, waitQueue, pipelining);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  public DbConfig withDatabase(String name) {
    return new DbConfig(host, port, user, password, name, poolSize, waitQueueSize, pipeliningLimit,
      readPipeliningLimit, timeoutMs);
  }

  public DbConfig withTimeout(int millis) {
    return new DbConfig(host, port, user, password, database, poolSize, waitQueueSize, pipeliningLimit,
      readPipeliningLimit, millis);
  }

  /** The same database reached at another address (tests put a fault proxy in between). */
  public DbConfig at(String otherHost, int otherPort) {
    return new DbConfig(otherHost, otherPort, user, password, database, poolSize, waitQueueSize, pipeliningLimit,
      readPipeliningLimit, timeoutMs);
  }

  String jdbcServerUrl() {
    return "jdbc:mariadb://" + host + ":" + port + "/?allowPublicKeyRetrieval=true&useSsl=false";
  }

  String jdbcUrl() {
    return "jdbc:mariadb://" + host + ":" + port + "/" + database + "?allowPublicKeyRetrieval=true&useSsl=false";
  }

  @Override
  public String toString() {
    return "mysql://" + user + "@" + host + ":" + port + "/" + database;
  }
}
