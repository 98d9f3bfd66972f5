package shop.common;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
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
import java.util.function.Function;
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
   * The process's one Prometheus registry, which {@code /metrics} scrapes: Vert.x's meters and the
   * services' business counters. Latencies get a few fixed histogram buckets (percentiles across
   * instances; Vert.x's own {@code publishQuantiles} would add about seventy buckets to every series).
   */
  public static PrometheusMeterRegistry registry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(LATENCY_BUCKETS);
    return registry;
  }

  /**
   * A Vert.x whose meters go to {@code registry}: HTTP server meters labelled by route (so
   * dashboards show each route, not only each service), client, pool, event-loop and JVM meters.
   * The same registry is handed to the verticles for their business counters.
   */
  public static Vertx vertx(MeterRegistry registry) {
    return vertx(registry, null);
  }

  /** The same, traced by {@code tracing} ({@link Tracing#factory}) unless it is {@code null}. */
  public static Vertx vertx(MeterRegistry registry, VertxTracerFactory tracing) {
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

  /**
   * Deploys {@code instances} copies of the verticle, each given the process's registry (each logs
   * the address it bound), or exits 1 with the reason in one line.
   */
  public static void run(String name, Function<MeterRegistry, ? extends Deployable> verticle) {
    JsonObject conf = withLauncherEnv(name, Config.withEnv(new JsonObject()));
    PrometheusMeterRegistry registry = registry();
    Vertx vertx;
    try {
      vertx = vertx(registry, Tracing.factory(conf, name));
    } catch (RuntimeException e) {
      // a tracing setting the SDK refuses (OTEL_EXPORTER_OTLP_PROTOCOL=grpc, a malformed endpoint…)
      LOG.error("{} failed to start: tracing: {}", name, e.getMessage());
      System.exit(1);
      return;
    }
    if (Tracing.enabled(conf)) {
      LOG.info("{}: tracing on, spans to {} as {}", name, Tracing.endpoint(conf), Config.string(conf, Tracing.SERVICE_NAME, name));
    }
    int instances = instances(conf);
    Future<String> deployed = vertx.deployVerticle(() -> verticle.apply(registry),
      new DeploymentOptions().setConfig(conf).setInstances(instances));
    deployed
      .onSuccess(id -> LOG.info("{} started: {} verticle instance(s)", name, instances))
      .onFailure(err -> {
        LOG.error("{} failed to start: {}", name, err.getMessage());
        vertx.close().onComplete(v -> System.exit(1));
      });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("{} stopping", name);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(9);
      try {
        // undeploy first: each instance drains its server, then closes its relay and pool. Closing
        // Vert.x at once would close servers and pools side by side, cutting requests in flight.
        if (deployed.succeeded()) {
          vertx.undeploy(deployed.result()).toCompletionStage().toCompletableFuture()
            .get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
        vertx.close().toCompletionStage().toCompletableFuture()
          .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
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
