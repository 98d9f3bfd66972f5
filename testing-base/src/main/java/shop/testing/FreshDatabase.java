package shop.testing;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh database on the shared test server for each test class:
 * {@code @RegisterExtension static final FreshDatabase DB = new FreshDatabase();}. {@code ShopDatabase}
 * (module {@code testing}) is the same with the shop's own {@code DbConfig}.
 */
public class FreshDatabase implements BeforeAllCallback {

  private DbAddress address;

  @Override
  public void beforeAll(ExtensionContext context) {
    address = DatabaseServer.freshDatabase(context.getRequiredTestClass().getSimpleName());
  }

  public DbAddress address() {
    if (address == null) {
      throw new IllegalStateException("the database is used before beforeAll: register it as a static field");
    }
    return address;
  }

  /** Another fresh database, for a second service in the same test class. */
  public DbAddress anotherAddress(String owner) {
    return DatabaseServer.freshDatabase(owner);
  }

  /** {@code DATABASE_URI} (and the test's {@code DB_TIMEOUT_MS}) for the class's database. */
  public JsonObject config() {
    return address().config();
  }
}
