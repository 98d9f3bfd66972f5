package shop.testing;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import shop.common.db.DbConfig;

/**
 * A fresh database on the shared test server for each test class:
 * {@code @RegisterExtension static final ShopDatabase DB = new ShopDatabase();}
 */
public final class ShopDatabase implements BeforeAllCallback {

  private DbConfig db;

  @Override
  public void beforeAll(ExtensionContext context) {
    db = TestDatabaseServer.freshDatabase(context.getRequiredTestClass().getSimpleName());
  }

  public DbConfig db() {
    if (db == null) {
      throw new IllegalStateException("ShopDatabase is used before beforeAll: register it as a static field");
    }
    return db;
  }

  /** Another fresh database, for a second service in the same test class. */
  public DbConfig another(String owner) {
    return TestDatabaseServer.freshDatabase(owner);
  }

  /** {@code DATABASE_URI} (and the test's {@code DB_TIMEOUT_MS}) for the class's database. */
  public JsonObject config() {
    return config(db());
  }

  public static JsonObject config(DbConfig d) {
    return new JsonObject().put("DATABASE_URI",
      "mysql://" + d.user() + ":" + d.password() + "@" + d.host() + ":" + d.port() + "/" + d.database())
      .put("DB_TIMEOUT_MS", d.timeoutMs());
  }
}
