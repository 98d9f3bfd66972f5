package shop.testing.compose;

import shop.testing.TestSecrets;
import shop.testing.process.Repo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The test's docker/.env: the documented defaults of .env.example with every secret generated
 * fresh, as an operator following the README would fill it in.
 */
public final class TestEnv {

  /** Keys of .env.example that hold secrets; they must be empty there and are generated here. */
  public static final List<String> SECRETS = List.of("SECRET_KEY", "MYSQL_ROOT_PASSWORD", "PRODUCT_DB_PASSWORD",
    "USER_DB_PASSWORD", "ORDER_DB_PASSWORD", "PAYMENT_DB_PASSWORD", "NOTIFICATION_DB_PASSWORD",
    "ADMIN_PASSWORD", "GRAFANA_ADMIN_PASSWORD", "EMAIL_PASSWORD");

  private TestEnv() {
  }

  public static Map<String, String> generate() {
    Map<String, String> env = new LinkedHashMap<>(DotEnv.read(Repo.ENV_EXAMPLE));
    env.put("SECRET_KEY", hex(32));
    env.put("MYSQL_ROOT_PASSWORD", hex(24));
    for (String svc : List.of("PRODUCT", "USER", "ORDER", "PAYMENT", "NOTIFICATION")) {
      env.put(svc + "_DB_PASSWORD", hex(24));
    }
    env.put("ADMIN_EMAIL", "admin-" + hex(4) + "@example.com");
    env.put("ADMIN_PASSWORD", "Adm1n-" + hex(12));
    env.put("GRAFANA_ADMIN_PASSWORD", hex(16));
    return env;
  }

  public static Map<String, String> with(Map<String, String> base, Map<String, String> overrides) {
    Map<String, String> env = new LinkedHashMap<>(base);
    env.putAll(overrides);
    return env;
  }

  public static String hex(int bytes) {
    return TestSecrets.hex(bytes);
  }
}
