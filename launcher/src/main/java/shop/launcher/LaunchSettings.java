package shop.launcher;

import io.vertx.core.json.JsonObject;
import shop.common.config.Config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the launcher reads from the environment (or, in tests, from a JsonObject of the same keys).
 * Everything else in {@code env} is handed on to the services unchanged.
 */
public record LaunchSettings(JsonObject env, Path dataDir, Map<ServiceSpec, Integer> servicePorts, int edgePort,
                             int smtpPort, String dbUrl, Path frontendDir, long edgeTimeoutMs,
                             String adminEmail) {

  public static final String EDGE_PORT = "EDGE_PORT";
  public static final String SMTP_PORT = "SMTP_PORT";

  public static LaunchSettings from(JsonObject env) {
    Map<ServiceSpec, Integer> ports = new LinkedHashMap<>();
    for (ServiceSpec s : Services.ALL) {
      ports.put(s, Config.integer(env, s.portKey(), s.defaultPort()));
    }
    String frontend = Config.string(env, "SHOP_FRONTEND_DIR", null);
    return new LaunchSettings(env,
      Path.of(Config.string(env, "SHOP_DATA_DIR", ".shop-data")),
      Map.copyOf(ports),
      Config.integer(env, EDGE_PORT, 8081),
      Config.integer(env, SMTP_PORT, 3025),
      Config.string(env, "SHOP_DB_URL", null),
      frontend == null ? null : Path.of(frontend),
      Config.longValue(env, "EDGE_TIMEOUT_MS", 10_000),
      Config.string(env, "ADMIN_EMAIL", "admin@example.com"));
  }

  public int port(ServiceSpec s) {
    return servicePorts.get(s);
  }

  public String serviceUrl(ServiceSpec s) {
    return "http://127.0.0.1:" + port(s);
  }
}
