package shop.testing;

import io.vertx.core.json.JsonObject;

/**
 * Where a test database lives and how long a test may wait on it: what the harness hands out, as
 * the environment hands a service its {@code DATABASE_URI}.
 */
public record DbAddress(String host, int port, String user, String password, String database, int timeoutMs) {

  /** {@code mysql://user:pass@host:port/database}, the {@code DATABASE_URI} form. */
  public String uri() {
    return "mysql://" + user + ":" + password + "@" + host + ":" + port + "/" + database;
  }

  /** {@code DATABASE_URI} and {@code DB_TIMEOUT_MS}: a service's database configuration. */
  public JsonObject config() {
    return new JsonObject().put("DATABASE_URI", uri()).put("DB_TIMEOUT_MS", timeoutMs);
  }

  public DbAddress withDatabase(String name) {
    return new DbAddress(host, port, user, password, name, timeoutMs);
  }

  public DbAddress withTimeout(int ms) {
    return new DbAddress(host, port, user, password, database, ms);
  }

  String jdbcServerUrl() {
    return "jdbc:mariadb://" + host + ":" + port + "/?allowPublicKeyRetrieval=true&useSsl=false";
  }
}
