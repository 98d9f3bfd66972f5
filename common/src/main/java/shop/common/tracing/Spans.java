package shop.common.tracing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.spi.tracing.SpanKind;
import io.vertx.core.spi.tracing.TagExtractor;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.core.tracing.TracingPolicy;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Spans for the hops Vert.x cannot see: a message stored for later (an outbox row, an email row)
 * and its delivery, maybe minutes later in another process, and calls through clients without
 * tracing (SMTP). The W3C {@code traceparent} stored with a message ties its delivery into the
 * trace of the request that stored it. Through the Vert.x tracer SPI, so the spans belong to the
 * service whose verticle runs them; with tracing off each method costs one field read.
 */
@SuppressWarnings("unchecked")
public final class Spans {

  public static final String TRACEPARENT = "traceparent";

  private static final TagExtractor<List<Map.Entry<String, String>>> TAGS = new TagExtractor<>() {
    @Override
    public int len(List<Map.Entry<String, String>> tags) {
      return tags.size();
    }

    @Override
    public String name(List<Map.Entry<String, String>> tags, int index) {
      return tags.get(index).getKey();
    }

    @Override
    public String value(List<Map.Entry<String, String>> tags, int index) {
      return tags.get(index).getValue();
    }
  };

  private Spans() {
  }

  /** Whether the Vert.x running the caller traces (a proxy then lets its own client span carry the trace). */
  public static boolean on() {
    return tracer(ContextInternal.current()) != null;
  }

  private static VertxTracer<Object, Object> tracer(ContextInternal ctx) {
    return ctx == null ? null : ctx.tracer();
  }

  /**
   * A message is being stored to be delivered later: a PRODUCER span under the current one, and its
   * {@code traceparent} to store with the message. {@code null} when tracing is off or no span is
   * current (a timer's work, not a request's).
   */
  public static String enqueued(String operation, Map<String, String> tags) {
    ContextInternal ctx = ContextInternal.current();
    VertxTracer<Object, Object> tracer = tracer(ctx);
    if (tracer == null) {
      return null;
    }
    String[] traceparent = new String[1];
    Object span = tracer.sendRequest(ctx, SpanKind.MESSAGING, TracingPolicy.PROPAGATE, List.copyOf(tags.entrySet()),
      operation, (k, v) -> {
        if (TRACEPARENT.equals(k)) {
          traceparent[0] = v;
        }
      }, TAGS);
    if (span != null) {
      tracer.receiveResponse(ctx, null, span, null, TAGS);
    }
    return traceparent[0];
  }

  /**
   * Delivers a stored message under a CONSUMER span, child of {@code traceparent} (a trace of its own
   * when there is none), current while {@code work} runs so that its calls and statements are its
   * children. {@code outcome} adds attributes once the work has succeeded.
   */
  public static <T> Future<T> consuming(String operation, String traceparent, Map<String, String> tags,
                                        Supplier<Future<T>> work, Function<T, Map<String, String>> outcome) {
    ContextInternal caller = ContextInternal.current();
    VertxTracer<Object, Object> tracer = tracer(caller);
    if (tracer == null) {
      return work.get();
    }
    // a context of its own, so the span is current for this work only, never for the caller's next task
    ContextInternal ctx = caller.duplicate();
    Promise<T> done = caller.promise();
    ctx.emit(v -> {
      List<Map.Entry<String, String>> headers = traceparent == null ? List.of() : List.of(Map.entry(TRACEPARENT, traceparent));
      Object span = tracer.receiveRequest(ctx, SpanKind.MESSAGING, TracingPolicy.ALWAYS, List.copyOf(tags.entrySet()),
        operation, headers, TAGS);
      Future<T> result;
      try {
        result = work.get();
      } catch (RuntimeException e) {
        result = Future.failedFuture(e);
      }
      result.onComplete(ar -> {
        List<Map.Entry<String, String>> end = ar.succeeded() ? List.copyOf(outcome.apply(ar.result()).entrySet()) : null;
        tracer.sendResponse(ctx, end, span, ar.cause(), TAGS);
        done.handle(ar);
      });
    });
    return done.future();
  }

  /** A CLIENT span under the current one around a call no Vert.x client traces (SMTP). */
  public static <T> Future<T> calling(String operation, Map<String, String> tags, Supplier<Future<T>> work) {
    ContextInternal ctx = ContextInternal.current();
    VertxTracer<Object, Object> tracer = tracer(ctx);
    Object span = tracer == null ? null : tracer.sendRequest(ctx, SpanKind.RPC, TracingPolicy.PROPAGATE,
      List.copyOf(tags.entrySet()), operation, (k, v) -> { }, TAGS);
    if (span == null) {
      return work.get();
    }
    Future<T> result;
    try {
      result = work.get();
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    return result.andThen(ar -> tracer.receiveResponse(ctx, null, span, ar.cause(), TAGS));
  }
}
