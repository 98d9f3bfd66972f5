package shop.testing;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * A real OTLP/HTTP trace receiver in the test JVM, standing where Jaeger stands in compose: it
 * takes {@code POST /v1/traces} ({@code application/x-protobuf}, gzip or not), decodes each
 * {@code ExportTraceServiceRequest} and keeps every span with the service that sent it.
 */
public final class OtlpReceiver implements AutoCloseable {

  /** One exported span: ids in lower-case hex, as in a traceparent; {@code parentSpanId} empty for a root. */
  public record ExportedSpan(String service, String traceId, String spanId, String parentSpanId, String name,
                             Span.SpanKind kind, Map<String, String> attributes) {

    @Override
    public String toString() {
      return service + " " + kind + " \"" + name + "\" " + spanId + " <- " + parentSpanId;
    }
  }

  private final HttpServer server;
  private final boolean keep;
  private final Queue<ExportedSpan> spans = new ConcurrentLinkedQueue<>();
  private final AtomicLong received = new AtomicLong();

  private OtlpReceiver(Vertx vertx, boolean keep) {
    this.server = vertx.createHttpServer().requestHandler(this::handle);
    this.keep = keep;
  }

  /** Listens on a free port of 127.0.0.1, keeping every span. */
  public static OtlpReceiver start(Vertx vertx) {
    return listen(new OtlpReceiver(vertx, true));
  }

  /** Listens on a free port of 127.0.0.1, decoding every export but only counting its spans (a benchmark's load). */
  public static OtlpReceiver counting(Vertx vertx) {
    return listen(new OtlpReceiver(vertx, false));
  }

  private static OtlpReceiver listen(OtlpReceiver receiver) {
    Await.result(receiver.server.listen(0, "127.0.0.1"));
    return receiver;
  }

  /** Spans received so far, kept or not. */
  public long received() {
    return received.get();
  }

  public int port() {
    return server.actualPort();
  }

  /** What {@code OTEL_EXPORTER_OTLP_ENDPOINT} names: the exporter adds {@code /v1/traces}. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  public List<ExportedSpan> spans() {
    return List.copyOf(spans);
  }

  public List<ExportedSpan> trace(String traceId) {
    return spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
  }

  private void handle(HttpServerRequest req) {
    if (!"/v1/traces".equals(req.path())) {
      req.response().setStatusCode(404).end();
      return;
    }
    req.body().onSuccess(body -> {
      try {
        ExportTraceServiceRequest export = ExportTraceServiceRequest.parseFrom(
          unzipped(body, req.getHeader("Content-Encoding")));
        export.getResourceSpansList().forEach(this::keep);
        req.response().setStatusCode(200).putHeader("Content-Type", "application/x-protobuf")
          .end(Buffer.buffer(ExportTraceServiceResponse.getDefaultInstance().toByteArray()));
      } catch (IOException e) {
        req.response().setStatusCode(400).end(e.toString());
      }
    });
  }

  private static byte[] unzipped(Buffer body, String encoding) throws IOException {
    if (!"gzip".equalsIgnoreCase(encoding)) {
      return body.getBytes();
    }
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body.getBytes()))) {
      return in.readAllBytes();
    }
  }

  private void keep(ResourceSpans resource) {
    String service = strings(resource.getResource().getAttributesList()).getOrDefault("service.name", "?");
    for (ScopeSpans scope : resource.getScopeSpansList()) {
      received.addAndGet(scope.getSpansCount());
      if (!keep) {
        continue;
      }
      for (Span s : scope.getSpansList()) {
        spans.add(new ExportedSpan(service, hex(s.getTraceId().toByteArray()), hex(s.getSpanId().toByteArray()),
          hex(s.getParentSpanId().toByteArray()), s.getName(), s.getKind(), strings(s.getAttributesList())));
      }
    }
  }

  private static Map<String, String> strings(List<KeyValue> attributes) {
    Map<String, String> out = new HashMap<>();
    for (KeyValue kv : attributes) {
      AnyValue v = kv.getValue();
      out.put(kv.getKey(), v.hasStringValue() ? v.getStringValue() : v.toString().trim());
    }
    return out;
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public void close() {
    Await.result(server.close());
  }
}
