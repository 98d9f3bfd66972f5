package shop.launcher;

import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shop.common.config.Config;
import shop.common.config.LauncherEnv;
import shop.common.tracing.Tracing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the launcher decides for each service (port, bind address, database, key, the others' URLs,
 * SMTP, admin), handed to the verticles it deploys, to the child processes it restarts, and, in a
 * file, to the services a developer starts outside it.
 */
final class ServiceEnv implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceEnv.class);
  /** What the edge's spans, and the launcher's own, report as their service. */
  static final String EDGE_NAME = "shop-edge";
  static final String LAUNCHER_NAME = "shop-launcher";

  private final LaunchSettings settings;
  private final EmbeddedDatabase database;
  private final String secretKey;
  private final String adminPassword;
  private final int smtpPort;
  private final List<Path> files = new ArrayList<>();

  ServiceEnv(LaunchSettings settings, EmbeddedDatabase database, String secretKey, String adminPassword,
             int smtpPort) {
    this.settings = settings;
    this.database = database;
    this.secretKey = secretKey;
    this.adminPassword = adminPassword;
    this.smtpPort = smtpPort;
  }

  /** The env the launcher was given, with what it decided on top; {@code null} for the edge. */
  JsonObject config(ServiceSpec spec) {
    return settings.env().copy().mergeIn(keys(spec));
  }

  /** Only what the launcher decided, as environment variables. */
  Map<String, String> variables(ServiceSpec spec) {
    Map<String, String> env = new LinkedHashMap<>();
    keys(spec).forEach(e -> env.put(e.getKey(), String.valueOf(e.getValue())));
    return env;
  }

  JsonObject keys(ServiceSpec spec) {
    JsonObject conf = new JsonObject();
    // tracing: the launcher's OTEL_* for every service, in or out of its JVM, each under its own name
    settings.env().forEach(e -> {
      if (e.getKey().startsWith("OTEL_")) {
        conf.put(e.getKey(), e.getValue());
      }
    });
    conf.put(Tracing.SERVICE_NAME, spec == null ? EDGE_NAME : spec.processName());
    if (spec != null) {
      conf.put("PORT", settings.port(spec)).put("HOST", settings.bindHost())
        .put("DATABASE_URI", database.uri(spec.database()));
    }
    conf.put("SECRET_KEY", secretKey);
    for (ServiceSpec other : Services.ALL) {
      conf.put(other.urlKey(), settings.serviceUrl(other));
    }
    conf.put("SMTP_SERVER", "127.0.0.1").put("SMTP_PORT", smtpPort);
    conf.put("ENABLE_REAL_EMAIL_SENDING", Config.string(settings.env(), "ENABLE_REAL_EMAIL_SENDING", "True"));
    conf.put("ADMIN_EMAIL", settings.adminEmail()).put("ADMIN_PASSWORD", adminPassword);
    conf.put("INSTANCES", Config.integer(settings.env(), "SHOP_INSTANCES", 1));
    // the edge overwrites X-Forwarded-For with the peer it saw, so the user service may count login
    // failures per real client, believing the header from the edge's own address only
    conf.put("TRUSTED_PROXIES", Config.string(settings.env(), "TRUSTED_PROXIES", LaunchSettings.LOOPBACK));
    return conf;
  }

  /** {@code <data>/<name>-service.env} ({@code 0600}): what the service's main reads when started outside. */
  void writeFile(DataDir dataDir, ServiceSpec spec) {
    StringBuilder text = new StringBuilder("# written by the running launcher for the " + spec.title()
      + " started outside it; removed when the launcher stops\n");
    variables(spec).forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    files.add(dataDir.writePrivate(file(dataDir, spec).getFileName().toString(), text.toString()));
  }

  static Path file(DataDir dataDir, ServiceSpec spec) {
    return LauncherEnv.file(dataDir.root(), spec.processName());
  }

  /** Removes the files: a service started later must not find a stopped launcher's database port. */
  @Override
  public void close() {
    for (Path file : files) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        LOG.warn("cannot remove {}: {}", file, e.toString());
      }
    }
  }
}
