package shop.common.tracing;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.VertxTracerFactory;
import shop.common.config.Config;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * OpenTelemetry for a Vert.x: HTTP server, WebClient and SQL client spans (vertx-opentelemetry),
 * exported over OTLP, configured by the standard {@code OTEL_*} variables through the SDK's
 * autoconfigure. Off, with no SDK at all, unless {@code OTEL_EXPORTER_OTLP_ENDPOINT} (or
 * {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}) is set and {@code OTEL_SDK_DISABLED} is not true.
 */
public final class Tracing {

  public static final String SERVICE_NAME = "OTEL_SERVICE_NAME";

  /**
   * Where the spec and this SDK differ, the spec's defaults (OTLP over HTTP, which the JDK's client
   * sends; the SDK would pick gRPC), and traces only: metrics stay with Prometheus, logs with stdout.
   */
  private static final Map<String, String> DEFAULTS = Map.of(
    "otel.exporter.otlp.protocol", "http/protobuf",
    "otel.metrics.exporter", "none",
    "otel.logs.exporter", "none");

  private Tracing() {
  }

  public static boolean enabled(JsonObject conf) {
    return (Config.string(conf, "OTEL_EXPORTER_OTLP_ENDPOINT", null) != null
      || Config.string(conf, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", null) != null)
      && !Config.bool(conf, "OTEL_SDK_DISABLED", false);
  }

  /** Where spans go, for the start-up line. */
  public static String endpoint(JsonObject conf) {
    return Config.string(conf, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
      Config.string(conf, "OTEL_EXPORTER_OTLP_ENDPOINT", null));
  }

  /**
   * The tracer of a process that runs one service, named {@code OTEL_SERVICE_NAME} or else
   * {@code serviceName}; {@code null} when tracing is off.
   */
  public static VertxTracerFactory factory(JsonObject conf, String serviceName) {
    if (!enabled(conf)) {
      return null;
    }
    ServiceTracers tracers = new ServiceTracers(Map.of(), sdk(conf, Config.string(conf, SERVICE_NAME, serviceName)));
    return options -> tracers;
  }

  /**
   * The tracer of one Vert.x running several services (the launcher): a deployment whose config
   * names one of {@code names} in {@code OTEL_SERVICE_NAME} reports under that name, everything
   * else under {@code fallback}. {@code null} when tracing is off.
   */
  public static VertxTracerFactory factory(JsonObject conf, String fallback, Collection<String> names) {
    if (!enabled(conf)) {
      return null;
    }
    Map<String, OpenTelemetrySdk> sdks = new LinkedHashMap<>();
    names.forEach(name -> sdks.put(name, sdk(conf, name)));
    ServiceTracers tracers = new ServiceTracers(sdks, sdk(conf, fallback));
    return options -> tracers;
  }

  /**
   * An SDK reporting as {@code serviceName}, from the {@code OTEL_*} keys of {@code conf} (which
   * holds the environment in production, and what a test passes), over the process environment.
   */
  static OpenTelemetrySdk sdk(JsonObject conf, String serviceName) {
    Map<String, String> overrides = new HashMap<>();
    conf.forEach(e -> {
      if (e.getKey().startsWith("OTEL_") && e.getValue() != null) {
        overrides.put(e.getKey().toLowerCase(Locale.ROOT).replace('_', '.'), e.getValue().toString());
      }
    });
    overrides.put("otel.service.name", serviceName);
    return AutoConfiguredOpenTelemetrySdk.builder()
      .addPropertiesSupplier(() -> DEFAULTS)
      .addPropertiesCustomizer(props -> overrides)
      .addSamplerCustomizer((sampler, props) -> new OpsSampler(sampler))
      .addTracerProviderCustomizer((builder, props) -> builder.addSpanProcessor(new SpanNames()))
      // the Vert.x tracer flushes and stops the SDK when its Vert.x closes
      .disableShutdownHook()
      .build()
      .getOpenTelemetrySdk();
  }
}
