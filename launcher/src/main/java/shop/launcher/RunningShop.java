package shop.launcher;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.VertxTracerFactory;
import io.vertx.ext.web.client.WebClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shop.common.ServiceMain;
import shop.common.http.Outgoing;
import shop.common.tracing.Tracing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The shop started by {@link Launcher}: database, mail sink, one Vert.x with the five services
 * and the edge. {@link #close()} stops it all, in reverse order, and is safe to call twice.
 */
public final class RunningShop implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RunningShop.class);
  static final String SECRET_KEY_FILE = "secret-key";
  static final String ADMIN_PASSWORD_FILE = "admin-password";
  private static final long HEALTHY_WITHIN_MS = 120_000;

  private final LaunchSettings settings;
  private final DataDir dataDir;
  private final String secretKey;
  private final DataDir.Secret adminPassword;
  private final List<ServiceSpec> deployed = new ArrayList<>();
  private final List<ChildService> children = new ArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile EmbeddedDatabase database;
  private volatile MailSink mail;
  private volatile MeterRegistry metrics;
  private volatile Vertx vertx;
  private volatile ServiceEnv env;
  private EdgeRouter edge;

  RunningShop(LaunchSettings settings, DataDir dataDir, String secretKey, DataDir.Secret adminPassword) {
    this.settings = settings;
    this.dataDir = dataDir;
    this.secretKey = secretKey;
    this.adminPassword = adminPassword;
  }

  /** Starts everything in order; on any failure stops what already runs and rethrows. */
  void boot() {
    try {
      database = EmbeddedDatabase.start(settings, dataDir);
      mail = MailSink.start(settings.smtpPort());
      metrics = ServiceMain.registry();
      vertx = ServiceMain.vertx(metrics, tracing());
      env = new ServiceEnv(settings, database, secretKey, adminPassword.value(), mail.port());
      deployServices();
      settings.external().forEach(spec -> env.writeFile(dataDir, spec));
      startChildren();
      edge = new EdgeRouter(settings, mail);
      await(vertx.deployVerticle(edge, new DeploymentOptions().setConfig(env.config(null))), 30,
        "the edge on port " + settings.edgePort());
      awaitHealthy();
      seedCatalog();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * One tracer for the one Vert.x, reporting each service under its own name (the
   * {@code OTEL_SERVICE_NAME} {@link ServiceEnv} gives its deployment), the edge as {@code shop-edge};
   * {@code null} without {@code OTEL_EXPORTER_OTLP_ENDPOINT}.
   */
  private VertxTracerFactory tracing() {
    List<String> names = new ArrayList<>(List.of(ServiceEnv.EDGE_NAME));
    Services.ALL.stream().filter(settings::inJvm).forEach(spec -> names.add(spec.processName()));
    try {
      return Tracing.factory(settings.env(), ServiceEnv.LAUNCHER_NAME, names);
    } catch (RuntimeException e) {
      throw new LaunchException("Tracing cannot start: " + e.getMessage(), e);
    }
  }

  private void deployServices() {
    Map<ServiceSpec, Future<String>> pending = new LinkedHashMap<>();
    for (ServiceSpec spec : Services.ALL) {
      if (settings.inJvm(spec)) {
        // one registry for the five services, as one process's /metrics shows it
        Deployable verticle = spec.verticle().apply(metrics);
        DeploymentOptions options = new DeploymentOptions().setConfig(env.config(spec));
        pending.put(spec, vertx.deployVerticle(verticle, options));
      }
    }
    for (Map.Entry<ServiceSpec, Future<String>> e : pending.entrySet()) {
      await(e.getValue(), 120, "the " + e.getKey().title());
      deployed.add(e.getKey());
    }
  }

  /** The services in SHOP_RELOAD_SERVICES, each its own process restarted when its classes change. */
  private void startChildren() {
    for (ServiceSpec spec : settings.reloaded()) {
      children.add(ChildService.start(spec, env.variables(spec), dataDir, settings.serviceUrl(spec)));
    }
  }

  /** POST /init-data: seeds the demo catalog when the catalog is empty, says so otherwise. */
  private void seedCatalog() {
    if (!settings.inJvm(Services.PRODUCT) && !settings.reloaded().contains(Services.PRODUCT)) {
      LOG.info("catalog: the product service runs outside the launcher; POST /api/init-data seeds it");
      return;
    }
    WebClient client = Outgoing.client(vertx, "shop-launcher");
    try {
      var resp = await(client.post(settings.port(Services.PRODUCT), settings.connectHost(), "/init-data")
        .timeout(15_000).send(), 20, "seeding the catalog");
      LOG.info("catalog: {}", resp.bodyAsString());
    } finally {
      client.close();
    }
  }

  private void awaitHealthy() {
    Map<String, Integer> ports = new LinkedHashMap<>();
    deployed.forEach(s -> ports.put(s.name(), settings.port(s)));
    settings.reloaded().forEach(s -> ports.put(s.name(), settings.port(s)));
    WebClient client = Outgoing.client(vertx, "shop-launcher");
    HealthReport health = new HealthReport(client, settings.connectHost(), ports, null);
    long deadline = System.currentTimeMillis() + HEALTHY_WITHIN_MS;
    try {
      while (true) {
        JsonObject report = await(health.check("launcher-start"), 10, "the health checks");
        if ("UP".equals(report.getString("status"))) {
          return;
        }
        if (System.currentTimeMillis() > deadline) {
          throw new LaunchException("Not every service became healthy: " + report.getJsonObject("services").encode());
        }
        Thread.sleep(250);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LaunchException("Interrupted while waiting for the services");
    } finally {
      client.close();
    }
  }

  static <T> T await(Future<T> future, long seconds, String what) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new LaunchException(capitalise(what) + " did not start: " + cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw new LaunchException(capitalise(what) + " did not finish within " + seconds + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LaunchException("Interrupted while starting " + what);
    }
  }

  private static String capitalise(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    LOG.info("shop stopping");
    children.forEach(ChildService::close);
    if (env != null) {
      env.close();
    }
    if (vertx != null) {
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("services did not stop cleanly: {}", e.toString());
      }
    }
    if (mail != null) {
      mail.close();
    }
    if (database != null) {
      database.close();
    }
    LOG.info("shop stopped");
  }

  public LaunchSettings settings() {
    return settings;
  }

  public DataDir dataDir() {
    return dataDir;
  }

  public DataDir.Secret adminPassword() {
    return adminPassword;
  }

  public String adminEmail() {
    return settings.adminEmail();
  }

  public List<ServiceSpec> deployed() {
    return List.copyOf(deployed);
  }

  public int edgePort() {
    return edge.port();
  }

  public int smtpPort() {
    return mail.port();
  }

  public MailSink mail() {
    return mail;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** The file a service left out reads its settings from. */
  public Path launcherFile(ServiceSpec spec) {
    return ServiceEnv.file(dataDir, spec);
  }

  /** The {@code DATABASE_URI} of a service's database, as a service started from the IDE would use it. */
  public String databaseUri(ServiceSpec spec) {
    return database.uri(spec.database());
  }

  String databaseDescription() {
    return database.isEmbedded()
      ? "embedded MariaDB " + database.serverUrl().replaceFirst("^mysql://[^@]*@", "") + " (SHOP_DB_URL to use another)"
      : "SHOP_DB_URL " + database.serverUrl().replaceFirst("//[^@]*@", "//***@");
  }
}
