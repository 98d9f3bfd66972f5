package shop.common.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shop.common.config.Config;
import shop.common.config.ConfigException;

import java.util.concurrent.TimeUnit;

/** The HTTP setup every service shares: one router shape, one error shape, one way to listen and stop. */
public final class Http {

  public static final int BODY_LIMIT = 64 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(Http.class);

  private Http() {
  }

  /** {@link #router(Vertx, Deadline.Budget)} with the default deadlines (reads 2.5 s, writes 10 s). */
  public static Router router(Vertx vertx) {
    return router(vertx, Deadline.Budget.DEFAULT);
  }

  /**
   * A router with request ids, security headers, a 64 KiB JSON body limit, 415 for non-JSON
   * bodies, a {@link Deadline} from {@code budget} counted from the end of the body (a slow client is
   * bounded by {@link SlowClients}, not here) and the JSON failure handler, ready for the service's routes.
   */
  public static Router router(Vertx vertx, Deadline.Budget budget) {
    Router router = Router.router(vertx);
    router.route().handler(RequestId::handle);
    router.route().handler(Http::securityHeaders);
    Cors.mount(router);
    // reads carry no body: only writes pay for the body handler
    BodyHandler bodies = BodyHandler.create(false).setBodyLimit(BODY_LIMIT);
    router.route().handler(ctx -> {
      HttpMethod m = ctx.request().method();
      if (m == HttpMethod.GET || m == HttpMethod.HEAD || m == HttpMethod.OPTIONS) {
        ctx.next();
      } else {
        bodies.handle(ctx);
      }
    });
    router.route().handler(Http::requireJsonBody);
    router.route().handler(Deadline.handler(budget));
    ErrorHandler.install(router);
    return router;
  }

  private static void securityHeaders(RoutingContext ctx) {
    ctx.response().headers()
      .set("X-Content-Type-Options", "nosniff")
      .set("X-Frame-Options", "DENY")
      .set("Referrer-Policy", "no-referrer")
      .set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    ctx.next();
  }

  private static void requireJsonBody(RoutingContext ctx) {
    HttpMethod m = ctx.request().method();
    boolean hasBody = ctx.body() != null && ctx.body().length() > 0;
    if (hasBody && (m == HttpMethod.POST || m == HttpMethod.PUT || m == HttpMethod.PATCH)) {
      String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
      if (type == null || !type.toLowerCase().startsWith("application/json")) {
        ctx.fail(415);
        return;
      }
    }
    ctx.next();
  }

  /** The request body as a JSON object: 400 when it is missing, not JSON or not an object. */
  public static JsonObject bodyObject(RoutingContext ctx) {
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    if (body == null || body.length() == 0) {
      throw ApiError.badRequest("missing_body", "A JSON object body is required");
    }
    Object value;
    try {
      value = body.toJsonValue();
    } catch (RuntimeException e) {
      throw ApiError.badRequest("invalid_json", "Request body is not valid JSON");
    }
    if (!(value instanceof JsonObject obj)) {
      throw ApiError.badRequest("invalid_json", "Request body must be a JSON object");
    }
    return obj;
  }

  /** A path parameter that must be a positive whole number. */
  public static long pathId(RoutingContext ctx, String name) {
    String raw = ctx.pathParam(name);
    try {
      long id = Long.parseLong(raw);
      if (id <= 0) {
        throw new NumberFormatException();
      }
      return id;
    } catch (NumberFormatException | NullPointerException e) {
      throw ApiError.badRequest("invalid_id", name + " must be a positive whole number");
    }
  }

  public static Future<Void> json(RoutingContext ctx, int status, JsonObject body) {
    return ctx.response().setStatusCode(status)
      .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
      .end(body.toBuffer());
  }

  public static Future<Void> json(RoutingContext ctx, int status, JsonArray body) {
    return ctx.response().setStatusCode(status)
      .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
      .end(body.toBuffer());
  }

  /**
   * Writes the result of a write with {@code status} (200 with nothing to say becomes 204), or hands
   * its failure to the failure handler. Reads use {@code route.respond(...)}.
   */
  public static void reply(RoutingContext ctx, int status, Future<?> work) {
    work.onComplete(ar -> {
      if (Deadline.answered(ctx)) {
        lateAnswer(ctx, ar.failed() ? ar.cause().toString() : "done");
      } else if (ar.failed()) {
        ctx.fail(ar.cause());
      } else if (ar.result() instanceof JsonArray a) {
        json(ctx, status, a);
      } else if (ar.result() instanceof JsonObject o) {
        json(ctx, status, o);
      } else {
        ctx.response().setStatusCode(status == 200 ? 204 : status).end();
      }
    });
  }

  /** Writes a {@link Reply} whose status the work decided (an idempotent write, a replay), or hands on its failure. */
  public static void reply(RoutingContext ctx, Future<Reply> work) {
    work.onComplete(ar -> {
      if (Deadline.answered(ctx)) {
        lateAnswer(ctx, ar.failed() ? ar.cause().toString() : "HTTP " + ar.result().status());
      } else if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        ar.result().headers().forEach(ctx.response()::putHeader);
        json(ctx, ar.result().status(), ar.result().body());
      }
    });
  }

  private static void lateAnswer(RoutingContext ctx, String outcome) {
    LOG.info("request {} {} {} ended after its deadline had answered 503: {}", RequestId.of(ctx),
      ctx.request().method(), ctx.request().path(), outcome);
  }

  /**
   * Listens on {@code HOST} (default {@code 0.0.0.0}, every interface; {@code 127.0.0.1} keeps a
   * service off the network) and {@code port} with {@link #serverOptions}, cutting off clients that
   * send their request slowly: headers must be complete within {@code HTTP_HEADERS_TIMEOUT_MS}
   * (10 s) of the connection falling idle, a body within {@code HTTP_BODY_TIMEOUT_MS} (20 s) of its
   * headers ({@link SlowClients}). Logs the address actually bound ({@code PORT=0} picks a free port).
   */
  public static Future<HttpServer> listen(Vertx vertx, JsonObject conf, String name, int port,
                                          Handler<HttpServerRequest> handler) {
    String host = Config.string(conf, "HOST", "0.0.0.0");
    SlowClients slow = new SlowClients(atLeast(conf, "HTTP_HEADERS_TIMEOUT_MS", 10_000),
      atLeast(conf, "HTTP_BODY_TIMEOUT_MS", 20_000));
    return slow.guard(vertx, vertx.createHttpServer(serverOptions(port).setHost(host)), handler).listen()
      .onSuccess(server -> LOG.info("{} listening on {}:{}", name, host, server.actualPort()));
  }

  private static long atLeast(JsonObject conf, String key, long def) {
    long v = Config.longValue(conf, key, def);
    if (v < 100) {
      throw new ConfigException(key + " must be at least 100");
    }
    return v;
  }

  public static HttpServerOptions serverOptions(int port) {
    return new HttpServerOptions()
      .setPort(port)
      .setIdleTimeout(120)
      .setIdleTimeoutUnit(TimeUnit.SECONDS)
      .setTcpNoDelay(true)
      // HTTP/1.1 only (every client here speaks it): with cleartext HTTP/2 detection on, Vert.x sets
      // a connection up only once its first request's headers are in, too late for SlowClients
      .setHttp2ClearTextEnabled(false)
      .setCompressionSupported(false);
  }

  /** How long a stopping service lets requests in flight finish: inside the 10 s Docker and Kubernetes give after SIGTERM. */
  public static final int SHUTDOWN_GRACE_SECONDS = 8;

  /** Stops accepting and lets requests in flight finish for up to {@link #SHUTDOWN_GRACE_SECONDS}, then closes. */
  public static Future<Void> drain(HttpServer server) {
    return drain(server, SHUTDOWN_GRACE_SECONDS);
  }

  /** Stops accepting, lets requests in flight finish for up to {@code seconds}, then closes. */
  public static Future<Void> drain(HttpServer server, int seconds) {
    return server == null ? Future.succeededFuture() : server.shutdown(seconds, TimeUnit.SECONDS);
  }
}
