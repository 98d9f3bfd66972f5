package shop.common.tracing;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.vertx.core.Context;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.tracing.SpanKind;
import io.vertx.core.spi.tracing.TagExtractor;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.tracing.opentelemetry.OpenTelemetryOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The Vert.x tracer: vertx-opentelemetry's, one per service name, chosen by the
 * {@code OTEL_SERVICE_NAME} of the deployment a span starts in (one Vert.x may run several
 * services, each its own resource in the trace). Closing it flushes and stops the SDKs.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
final class ServiceTracers implements VertxTracer<Object, Object> {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceTracers.class);

  private final Map<String, VertxTracer> byName = new HashMap<>();
  private final VertxTracer fallback;
  private final List<OpenTelemetrySdk> sdks = new ArrayList<>();

  ServiceTracers(Map<String, OpenTelemetrySdk> named, OpenTelemetrySdk fallback) {
    named.forEach((name, sdk) -> byName.put(name, tracer(sdk)));
    this.fallback = tracer(fallback);
  }

  private VertxTracer tracer(OpenTelemetrySdk sdk) {
    sdks.add(sdk);
    return new OpenTelemetryTracingFactory(sdk).tracer(new OpenTelemetryOptions());
  }

  private VertxTracer of(Context context) {
    if (byName.isEmpty() || context == null) {
      return fallback;
    }
    JsonObject conf = context.config();
    Object name = conf == null ? null : conf.getValue(Tracing.SERVICE_NAME);
    VertxTracer t = name == null ? null : byName.get(name.toString());
    return t == null ? fallback : t;
  }

  @Override
  public <R> Object receiveRequest(Context context, SpanKind kind, TracingPolicy policy, R request, String operation,
                                   Iterable<Entry<String, String>> headers, TagExtractor<R> tagExtractor) {
    return of(context).receiveRequest(context, kind, policy, request, operation, headers, tagExtractor);
  }

  @Override
  public <R> void sendResponse(Context context, R response, Object payload, Throwable failure,
                               TagExtractor<R> tagExtractor) {
    of(context).sendResponse(context, response, payload, failure, tagExtractor);
  }

  @Override
  public <R> Object sendRequest(Context context, SpanKind kind, TracingPolicy policy, R request, String operation,
                                BiConsumer<String, String> headers, TagExtractor<R> tagExtractor) {
    return of(context).sendRequest(context, kind, policy, request, operation, headers, tagExtractor);
  }

  @Override
  public <R> void receiveResponse(Context context, R response, Object payload, Throwable failure,
                                  TagExtractor<R> tagExtractor) {
    of(context).receiveResponse(context, response, payload, failure, tagExtractor);
  }

  /** Called by Vert.x once it has closed: the spans still buffered go out (a bounded wait). */
  @Override
  public void close() {
    List<CompletableResultCode> stopped = sdks.stream().map(OpenTelemetrySdk::shutdown).toList();
    if (!CompletableResultCode.ofAll(stopped).join(5, TimeUnit.SECONDS).isSuccess()) {
      LOG.warn("tracing: spans not all exported at shutdown");
    }
  }
}
