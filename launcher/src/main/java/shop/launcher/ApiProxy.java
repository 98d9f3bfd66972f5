package shop.launcher;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shop.common.http.ApiError;
import shop.common.http.Http;
import shop.common.http.RequestId;
import shop.common.tracing.Spans;

import java.net.ConnectException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Forwards {@code /api/<prefix>/...} to the owning service's {@code /<prefix>/...}, the way the
 * compose nginx does: only the prefixes of the Edge section of docs/API.md (so {@code reservations} is never
 * reachable), the request id passed on, a timeout on every call, and a JSON 502/503/504 when the
 * service cannot answer.
 */
final class ApiProxy {

  private static final Logger LOG = LoggerFactory.getLogger(ApiProxy.class);
  /** Hop-by-hop headers (RFC 9110 §7.6.1) plus the ones the edge sets itself. */
  private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-authenticate",
    "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length",
    "x-request-id", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "forwarded");
  private static final Set<String> TRACE_CONTEXT = Set.of("traceparent", "tracestate");
  private static final Set<String> NOT_RETURNED = Set.of("connection", "keep-alive", "transfer-encoding",
    "content-length", "x-request-id", "content-security-policy", "x-frame-options", "x-content-type-options",
    "referrer-policy", "permissions-policy");

  /** A service the edge forwards to. */
  record Target(String service, String host, int port) {
  }

  private final WebClient client;
  private final Map<String, Target> routes;
  private final long timeoutMs;

  ApiProxy(WebClient client, Map<String, Target> routes, long timeoutMs) {
    this.client = client;
    this.routes = Map.copyOf(routes);
    this.timeoutMs = timeoutMs;
  }

  void forward(RoutingContext ctx) {
    String rest = ctx.normalizedPath().substring("/api".length());
    Target target = routes.get(firstSegment(rest));
    if (target == null) {
      ctx.fail(ApiError.notFound("No such API route"));
      return;
    }
    String query = ctx.request().query();
    HttpRequest<Buffer> out = client.request(ctx.request().method(), target.port(), target.host(),
        query == null ? rest : rest + "?" + query)
      .timeout(timeoutMs);
    copyRequestHeaders(ctx, out.headers());
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    (body == null || body.length() == 0 ? out.send() : out.sendBuffer(body))
      .onSuccess(resp -> relay(ctx, resp))
      .onFailure(err -> upstreamFailed(ctx, target, err));
  }

  static String firstSegment(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    int slash = p.indexOf('/');
    return slash < 0 ? p : p.substring(0, slash);
  }

  private static void copyRequestHeaders(RoutingContext ctx, MultiMap out) {
    // traced, the edge's own client span carries the trace on (its WebClient writes traceparent);
    // untraced, the edge passes the caller's along untouched, as nginx does
    boolean traced = Spans.on();
    ctx.request().headers().forEach(h -> {
      String name = h.getKey().toLowerCase();
      if (!NOT_FORWARDED.contains(name) && !(traced && TRACE_CONTEXT.contains(name))) {
        out.add(h.getKey(), h.getValue());
      }
    });
    out.set(RequestId.HEADER, RequestId.of(ctx));
    // the peer this edge saw, never what the client sent: the user service throttles logins by it
    out.set("X-Forwarded-For", ctx.request().remoteAddress() == null ? "" : ctx.request().remoteAddress().hostAddress());
    out.set("X-Forwarded-Proto", ctx.request().scheme() == null ? "http" : ctx.request().scheme());
  }

  private static void relay(RoutingContext ctx, HttpResponse<Buffer> resp) {
    HttpServerResponse down = ctx.response();
    if (down.closed()) {
      return;
    }
    down.setStatusCode(resp.statusCode());
    resp.headers().forEach(h -> {
      String name = h.getKey().toLowerCase();
      if (name.equals("link") || name.equals("location")) {
        down.headers().add(h.getKey(), underApi(h.getValue()));
      } else if (!NOT_RETURNED.contains(name)) {
        down.headers().add(h.getKey(), h.getValue());
      }
    });
    Buffer body = resp.body();
    if (body == null) {
      down.end();
    } else {
      down.end(body);
    }
  }

  /** The services' own paths in Link and Location headers, as the browser reaches them: under /api. */
  static String underApi(String value) {
    return value.replaceAll("</(?!api/)", "</api/").replaceAll("^/(?!api/)", "/api/");
  }

  private static void upstreamFailed(RoutingContext ctx, Target target, Throwable err) {
    if (ctx.response().closed()) {
      return;
    }
    int status;
    String code;
    String message;
    if (err instanceof ConnectException || err.getCause() instanceof ConnectException) {
      status = 503;
      code = "service_unavailable";
      message = "The " + target.service() + " service is unavailable, try again shortly";
    } else if (err instanceof TimeoutException) {
      status = 504;
      code = "gateway_timeout";
      message = "The " + target.service() + " service did not answer in time";
    } else {
      status = 502;
      code = "bad_gateway";
      message = "The " + target.service() + " service gave no valid answer";
    }
    LOG.warn("request {} {} {} -> {} service failed: {}", RequestId.of(ctx), ctx.request().method(),
      ctx.request().path(), target.service(), err.toString());
    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    Http.json(ctx, status, new JsonObject().put("error", message).put("code", code).put("service", target.service()));
  }
}
