package shop.common.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

import java.util.List;

/**
 * The configured sampler ({@code OTEL_TRACES_SAMPLER}), except for the requests of operations:
 * health checks and Prometheus scrapes arrive every few seconds and would bury the shop's traces.
 * A span under a parent this process did not sample is not sampled either (the parent-based
 * samplers do that anyway; {@code always_on} would otherwise record the SQL of a health check).
 */
final class OpsSampler implements Sampler {

  private final Sampler delegate;

  OpsSampler(Sampler delegate) {
    this.delegate = delegate;
  }

  static boolean operational(String path) {
    return path != null && (path.equals("/metrics") || path.endsWith("/health") || path.endsWith("/health/live"));
  }

  @Override
  public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
                                     Attributes attributes, List<LinkData> parentLinks) {
    if (spanKind == SpanKind.SERVER && operational(attributes.get(SpanNames.PATH))) {
      return SamplingResult.drop();
    }
    // and what such a request does (its SQL), even under a sampler that ignores the parent (always_on)
    SpanContext parent = Span.fromContext(parentContext).getSpanContext();
    if (parent.isValid() && !parent.isRemote() && !parent.isSampled()) {
      return SamplingResult.drop();
    }
    return delegate.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
  }

  @Override
  public String getDescription() {
    return "OpsSampler{" + delegate.getDescription() + "}";
  }
}
