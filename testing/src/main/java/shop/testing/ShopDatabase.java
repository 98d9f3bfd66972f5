package shop.testing;

import io.vertx.core.json.JsonObject;
import shop.common.db.DbConfig;

/**
 * A fresh database on the shared test server for each test class, as the shop's {@link DbConfig}:
 * {@code @RegisterExtension static final ShopDatabase DB = new ShopDatabase();}
 */
public final class ShopDatabase extends FreshDatabase {

  public DbConfig db() {
    return TestDatabaseServer.config(address());
  }

  /** Another fresh database, for a second service in the same test class. */
  public DbConfig another(String owner) {
    return TestDatabaseServer.config(anotherAddress(owner));
  }

  /** {@code DATABASE_URI} (and {@code DB_TIMEOUT_MS}) for {@code d}. */
  public static JsonObject config(DbConfig d) {
    return new DbAddress(d.host(), d.port(), d.user(), d.password(), d.database(), d.timeoutMs()).config();
  }
}
