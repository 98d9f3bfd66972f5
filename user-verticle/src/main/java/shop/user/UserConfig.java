package shop.user;

import io.vertx.core.json.JsonObject;
import shop.common.config.Config;
import shop.common.config.ConfigException;
import shop.common.config.ServiceUrl;
import shop.common.db.DbConfig;
import shop.common.http.TrustedProxies;

import java.util.Map;

/**
 * The user service's settings, from the keys compose and the README name. {@code services} are the
 * outbox destinations: the welcome email goes to notification, revocations to every service.
 * {@code name} is how it introduces itself: in its logs, its service tokens and its outgoing calls.
 */
public record UserConfig(String name, int port, DbConfig db, Argon2Params argon2, int hashWorkers, int hashQueueLimit,
                         ThrottleConfig throttle, TrustedProxies proxies, String adminEmail, String adminPassword,
                         String adminUsername, Map<String, ServiceUrl> services) {

  /** Failed-login throttling: locks start after {@code freeFailures} and double up to {@code maxLockMs}. */
  public record ThrottleConfig(int accountFreeFailures, int addressFreeFailures, long baseLockMs, long maxLockMs,
                               long windowSeconds) {
  }

  public static final String NAME = "user-service";

  public static UserConfig from(JsonObject conf) {
    Argon2Params argon2 = new Argon2Params(
      Config.integer(conf, "ARGON2_MEMORY_KIB", Argon2Params.OWASP_MIN.memoryKib()),
      Config.integer(conf, "ARGON2_ITERATIONS", Argon2Params.OWASP_MIN.iterations()),
      Config.integer(conf, "ARGON2_PARALLELISM", Argon2Params.OWASP_MIN.parallelism()));
    if (!argon2.atLeast(Argon2Params.OWASP_MIN)) {
      throw new ConfigException("ARGON2_* must be at least the OWASP minimum (m=19456 KiB, t=2, p=1)");
    }
    ThrottleConfig throttle = new ThrottleConfig(
      positive(conf, "LOGIN_ACCOUNT_FREE_FAILURES", 5),
      positive(conf, "LOGIN_ADDRESS_FREE_FAILURES", 50),
      positive(conf, "LOGIN_BASE_LOCK_MS", 1_000),
      positive(conf, "LOGIN_MAX_LOCK_SECONDS", 900) * 1000L,
      positive(conf, "LOGIN_FAILURE_WINDOW_SECONDS", 3_600));
    String adminEmail = Config.string(conf, "ADMIN_EMAIL", null);
    String adminPassword = Config.string(conf, "ADMIN_PASSWORD", null);
    if ((adminEmail == null) != (adminPassword == null)) {
      throw new ConfigException("ADMIN_EMAIL and ADMIN_PASSWORD must be given together");
    }
    if (adminPassword != null && adminPassword.length() < UserInput.MIN_PASSWORD) {
      throw new ConfigException("ADMIN_PASSWORD must be at least " + UserInput.MIN_PASSWORD + " characters");
    }
    if (adminEmail != null && !UserInput.isEmail(adminEmail)) {
      throw new ConfigException("ADMIN_EMAIL is not an email address");
    }
    return new UserConfig(
      NAME,
      Config.integer(conf, "PORT", 5001),
      DbConfig.from(conf, "user_db"),
      argon2,
      (int) positive(conf, "HASH_WORKERS", Math.max(2, Runtime.getRuntime().availableProcessors())),
      (int) positive(conf, "HASH_QUEUE_LIMIT", 256),
      throttle,
      TrustedProxies.from(conf),
      adminEmail,
      adminPassword,
      Config.string(conf, "ADMIN_USERNAME", "admin"),
      Map.of(
        "product", Config.serviceUrl(conf, "PRODUCT_SERVICE_URL", "http://localhost:5000"),
        "order", Config.serviceUrl(conf, "ORDER_SERVICE_URL", "http://localhost:5002"),
        "payment", Config.serviceUrl(conf, "PAYMENT_SERVICE_URL", "http://localhost:5003"),
        "notification", Config.serviceUrl(conf, "NOTIFICATION_SERVICE_URL", "http://localhost:5005")));
  }

  private static long positive(JsonObject conf, String key, long def) {
    long v = Config.longValue(conf, key, def);
    if (v < 1) {
      throw new ConfigException(key + " must be at least 1");
    }
    return v;
  }

  private static int positive(JsonObject conf, String key, int def) {
    return (int) positive(conf, key, (long) def);
  }
}
