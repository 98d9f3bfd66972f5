package shop.common;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.VertxTracerFactory;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shop.common.config.Config;
import shop.common.config.LauncherEnv;
import shop.common.tracing.Tracing;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.DoubleStream;

/**
 * What every service's {@code main} does: env over config, Prometheus metrics on, tracing when
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT} is set, one verticle instance per core, and on SIGTERM a drain
 * that ends inside 10 s.
 */
public final class ServiceMain {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceMain.class);

  /** Request latency buckets, in seconds, expressed in nanoseconds as Micrometer's timers want them. */
  private static final double[] LATENCY_BUCKET_SECONDS = DoubleStream
    .of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
    .map(s -> s * 1e9).toArray();

  private static final MeterFilter LATENCY_BUCKETS = new MeterFilter() {
    @Override
    public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
      if (id.getType() != Meter.Type.TIMER || !id.getName().startsWith("vertx.")) {
        return config;
      }
      return DistributionStatisticConfig.builder()
        .serviceLevelObjectives(LATENCY_BUCKET_SECONDS)
        .build().merge(config);
    }
  };

  private ServiceMain() {
  }

  /**
   * A Vert.x whose meters go to the Prometheus registry {@code /metrics} scrapes: HTTP server
   * meters labelled by route (so dashboards show each route, not only each service), and
   * latencies with a few fixed histogram buckets (percentiles across instances; Vert.x's own
   * {@code publishQuantiles} would add about seventy buckets to every series).
   */
  public static Vertx vertx() {
    return vertx(null);
  }

  /** The same, traced by {@code tracing} ({@link Tracing#factory}) unless it is {@code null}. */
  public static Vertx vertx(VertxTracerFactory tracing) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(LATENCY_BUCKETS);
    VertxBuilder builder = Vertx.builder().with(new VertxOptions()
      .setMetricsOptions(new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .addLabels(Label.HTTP_ROUTE)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))))
      .withMetrics(new MicrometerMetricsFactory(registry));
    if (tracing != null) {
      builder.withTracer(tracing);
    }
    return builder.build();
  }

  public static int instances(JsonObject conf) {
    return Config.integer(conf, "INSTANCES", Runtime.getRuntime().availableProcessors());
  }

  /** Deploys {@code instances} copies of the verticle, or exits 1 with the reason in one line. */
  public static void run(String name, Supplier<? extends Deployable> verticle) {
    JsonObject conf = withLauncherEnv(name, Config.withEnv(new JsonObject()));
    Vertx vertx;
    try {
      vertx = vertx(Tracing.factory(conf, name));
    } catch (RuntimeException e) {
      // a tracing setting the SDK refuses (OTEL_EXPORTER_OTLP_PROTOCOL=grpc, a malformed endpoint…)
      LOG.error("{} failed to start: tracing: {}", name, e.getMessage());
      System.exit(1);
      return;
    }
    if (Tracing.enabled(conf)) {
      LOG.info("{}: tracing on, spans to {} as {}", name, Tracing.endpoint(conf), Config.string(conf, Tracing.SERVICE_NAME, name));
    }
    Future<String> deployed = vertx.deployVerticle(verticle,
      new DeploymentOptions().setConfig(conf).setInstances(instances(conf)));
    deployed
      .onSuccess(id -> LOG.info("{} listening on port {}", name, Config.string(conf, "PORT", "default")))
      .onFailure(err -> {
        LOG.error("{} failed to start: {}", name, err.getMessage());
        vertx.close().onComplete(v -> System.exit(1));
      });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("{} stopping", name);
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(9, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("{} did not stop cleanly within 9 s: {}", name, e.toString());
      }
    }, name + "-shutdown"));
  }

  /** A service with neither database nor key takes both from a running launcher's file, or exits with one line saying how. */
  private static JsonObject withLauncherEnv(String name, JsonObject conf) {
    if (!LauncherEnv.needed(conf)) {
      return conf;
    }
    Optional<Path> file = LauncherEnv.find(conf, name);
    if (file.isEmpty()) {
      LOG.error(LauncherEnv.hint(name));
      System.exit(1);
    }
    LOG.info("{}: no DATABASE_URI and no SECRET_KEY given, using the running launcher's from {}", name, file.get());
    return LauncherEnv.under(conf, file.get());
  }
}
