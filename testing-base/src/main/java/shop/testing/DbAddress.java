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

  /**
   * {@code DATABASE_URI} and {@code DB_TIMEOUT_MS}: a service's database configuration; and
   * {@code REQUEST_TIMEOUT_MS} and {@code WRITE_TIMEOUT_MS}, twice as long, so a request whose
   * database waits the test allows is not answered 503 by its deadline first.
   */
  public JsonObject config() {
    return new JsonObject().put("DATABASE_URI", uri()).put("DB_TIMEOUT_MS", timeoutMs)
      .put("REQUEST_TIMEOUT_MS", 2L * timeoutMs).put("WRITE_TIMEOUT_MS", 2L * timeoutMs);
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
