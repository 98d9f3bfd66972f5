package shop.launcher;

import io.vertx.core.json.JsonObject;
import shop.common.auth.Auth;
import shop.common.config.Config;

import java.nio.charset.StandardCharsets;

/**
 * {@code java -jar shop.jar}: the whole shop in one JVM. Also the API tests use to start it in
 * process: {@link #start(JsonObject)} with env-style keys (ports, {@code SHOP_DATA_DIR}, ...).
 */
public final class Launcher {

  private Launcher() {
  }

  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "logback-launcher.xml");
    }
    JsonObject env = Config.withEnv(new JsonObject());
    RunningShop shop;
    try {
      shop = prepare(env);
    } catch (LaunchException e) {
      fail(e);
      return;
    }
    // registered before booting, so Ctrl-C during a slow first start still stops MariaDB
    Runtime.getRuntime().addShutdownHook(new Thread(shop::close, "shop-shutdown"));
    try {
      shop.boot();
    } catch (LaunchException e) {
      fail(e);
      return;
    }
    Banner.print(shop, System.out);
  }

  /** Starts the shop and returns once every service answers its health check. */
  public static RunningShop start(JsonObject env) {
    RunningShop shop = prepare(env);
    shop.boot();
    return shop;
  }

  /** Everything that can fail fast, before anything is started: settings, ports, data directory, secrets. */
  static RunningShop prepare(JsonObject env) {
    LaunchSettings settings;
    try {
      settings = LaunchSettings.from(env);
    } catch (RuntimeException e) {
      throw new LaunchException(e.getMessage(), e);
    }
    Ports.requireFree(settings);
    DataDir dir = DataDir.open(settings.dataDir());
    String key = Config.string(env, "SECRET_KEY", null);
    if (key == null) {
      key = dir.secret(RunningShop.SECRET_KEY_FILE, DataDir::randomKey).value();
    } else if (key.getBytes(StandardCharsets.UTF_8).length < Auth.MIN_KEY_BYTES) {
      throw new LaunchException("SECRET_KEY must be at least " + Auth.MIN_KEY_BYTES
        + " bytes long; unset it to have one generated and kept in " + dir.root());
    }
    String password = Config.string(env, "ADMIN_PASSWORD", null);
    DataDir.Secret admin = password != null
      ? new DataDir.Secret(password, false)
      : dir.secret(RunningShop.ADMIN_PASSWORD_FILE, DataDir::randomPassword);
    return new RunningShop(settings, dir, key, admin);
  }

  private static void fail(LaunchException e) {
    // one line a person can act on; the stack trace would only bury it
    System.err.println("shop: " + e.getMessage());
    System.exit(1);
  }
}
