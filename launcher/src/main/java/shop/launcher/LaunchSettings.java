package shop.launcher;

import io.vertx.core.json.JsonObject;
import shop.common.config.Config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the launcher reads from the environment (or, in tests, from a JsonObject of the same keys).
 * Everything else in {@code env} is handed on to the services unchanged.
 */
public record LaunchSettings(JsonObject env, Path dataDir, Map<ServiceSpec, Integer> servicePorts, int edgePort,
                             int smtpPort, String dbUrl, Path frontendDir, long edgeTimeoutMs,
                             String adminEmail, Set<ServiceSpec> external, Set<ServiceSpec> reloaded,
                             String bindHost, String edgeHost) {

  public static final String EDGE_PORT = "EDGE_PORT";
  public static final String SMTP_PORT = "SMTP_PORT";
  public static final String EXTERNAL = "SHOP_EXTERNAL_SERVICES";
  public static final String RELOAD = "SHOP_RELOAD_SERVICES";
  static final String LOOPBACK = "127.0.0.1";

  public static LaunchSettings from(JsonObject env) {
    Map<ServiceSpec, Integer> ports = new LinkedHashMap<>();
    for (ServiceSpec s : Services.ALL) {
      ports.put(s, Config.integer(env, s.portKey(), s.defaultPort()));
    }
    String frontend = Config.string(env, "SHOP_FRONTEND_DIR", null);
    Set<ServiceSpec> reloaded = services(env, RELOAD);
    Set<ServiceSpec> external = new LinkedHashSet<>(services(env, EXTERNAL));
    external.addAll(reloaded);
    return new LaunchSettings(env,
      Path.of(Config.string(env, "SHOP_DATA_DIR", ".shop-data")),
      Map.copyOf(ports),
      Config.integer(env, EDGE_PORT, 8081),
      Config.integer(env, SMTP_PORT, 3025),
      Config.string(env, "SHOP_DB_URL", null),
      frontend == null ? null : Path.of(frontend),
      Config.longValue(env, "EDGE_TIMEOUT_MS", 10_000),
      Config.string(env, "ADMIN_EMAIL", "admin@example.com"),
      Set.copyOf(external), Set.copyOf(reloaded),
      Config.string(env, "SHOP_BIND_HOST", LOOPBACK),
      Config.string(env, "EDGE_HOST", LOOPBACK));
  }

  /** {@code order,payment} into the two services; an unknown name is one line listing the known ones. */
  static Set<ServiceSpec> services(JsonObject env, String key) {
    Set<ServiceSpec> out = new LinkedHashSet<>();
    String raw = Config.string(env, key, "");
    for (String name : raw.split("[,\\s]+")) {
      if (!name.isEmpty()) {
        out.add(Services.byName(name).orElseThrow(() -> new LaunchException(key + " names '" + name
          + "', which is not a service; use any of " + Services.names() + ", separated by commas.")));
      }
    }
    return out;
  }

  public int port(ServiceSpec s) {
    return servicePorts.get(s);
  }

  /** Runs inside this JVM: neither left out for the IDE nor run as a restarted child process. */
  public boolean inJvm(ServiceSpec s) {
    return !external.contains(s);
  }

  /** Where the edge and the other services reach a service: its bind address, or loopback when it binds all. */
  public String connectHost() {
    return bindHost.equals("0.0.0.0") || bindHost.equals("::") || bindHost.equals("[::]") ? LOOPBACK : bindHost;
  }

  public String serviceUrl(ServiceSpec s) {
    return "http://" + connectHost() + ":" + port(s);
  }
}
