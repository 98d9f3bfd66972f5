package shop.system.browser;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.extension.ExtensionContext;
import shop.launcher.Launcher;
import shop.launcher.Ports;
import shop.launcher.RunningShop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The whole shop started in process by the launcher for a browser test: free ports, a temporary
 * data directory, a generated admin password, and the storefront served from ../frontend when the
 * test runs inside the repository (so an edit shows without rebuilding the jar). Test classes get
 * the one shared by the whole run through {@link SharedShop}.
 */
final class LaunchedShop implements AutoCloseable, ExtensionContext.Store.CloseableResource {

  static final String ADMIN_EMAIL = "admin@example.com";

  private final RunningShop shop;
  private final Path dataDir;
  private final String adminPassword;

  private LaunchedShop(RunningShop shop, Path dataDir, String adminPassword) {
    this.shop = shop;
    this.dataDir = dataDir;
    this.adminPassword = adminPassword;
  }

  static LaunchedShop start() throws IOException {
    Path dataDir = Files.createTempDirectory("shop-browser-data-");
    String adminPassword = "Adm1n-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
    JsonObject env = new JsonObject()
      .put("SHOP_DATA_DIR", dataDir.toString())
      .put("PRODUCT_PORT", Ports.free()).put("USER_PORT", Ports.free()).put("ORDER_PORT", Ports.free())
      .put("PAYMENT_PORT", Ports.free()).put("NOTIFICATION_PORT", Ports.free())
      .put("EDGE_PORT", Ports.free()).put("SMTP_PORT", Ports.free())
      .put("ADMIN_EMAIL", ADMIN_EMAIL).put("ADMIN_PASSWORD", adminPassword);
    Path frontend = Path.of("..", "frontend");
    if (Files.isRegularFile(frontend.resolve("index.html"))) {
      env.put("SHOP_FRONTEND_DIR", frontend.toAbsolutePath().normalize().toString());
    }
    try {
      return new LaunchedShop(Launcher.start(env), dataDir, adminPassword);
    } catch (RuntimeException e) {
      Browser.deleteQuietly(dataDir.toFile());
      throw e;
    }
  }

  /** The edge's address of a storefront page, e.g. {@code url("#/cart")}. */
  String url(String path) {
    return "http://localhost:" + shop.edgePort() + "/" + path;
  }

  String adminPassword() {
    return adminPassword;
  }

  @Override
  public void close() {
    try {
      shop.close();
    } finally {
      Browser.deleteQuietly(dataDir.toFile());
    }
  }
}
