package shop.common.http;

import io.vertx.core.Handler;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.mysqlclient.MySQLException;
import io.vertx.sqlclient.ClosedConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shop.common.db.Database;
import shop.common.error.Conflict;
import shop.common.error.Declined;
import shop.common.error.DomainException;
import shop.common.error.Expired;
import shop.common.error.Forbidden;
import shop.common.error.Invalid;
import shop.common.error.NotFound;
import shop.common.error.Throttled;
import shop.common.error.Unauthenticated;
import shop.common.error.Unavailable;

import java.net.ConnectException;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;

/**
 * The one JSON failure handler of a router: docs/API.md's error shape; 5xx bodies never carry
 * internals. Domain failures ({@link DomainException}) get their status here and nowhere else.
 */
public final class ErrorHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorHandler.class);
  /** Every 503 is a dependency down or overloaded for now: worth trying again shortly. */
  private static final String RETRY_AFTER_SECONDS = "1";
  /** Each kind of domain failure, and the status it is answered with. */
  private static final Map<Class<? extends DomainException>, Integer> STATUS = Map.of(
    NotFound.class, 404, Conflict.class, 409, Expired.class, 409, Invalid.class, 422, Forbidden.class, 403,
    Unauthenticated.class, 401, Declined.class, 402, Throttled.class, 429, Unavailable.class, 503);

  private final Router router;

  private ErrorHandler(Router router) {
    this.router = router;
  }

  /** Makes this the failure handler of {@code router} and of the statuses the router answers itself (404, 405, …). */
  public static void install(Router router) {
    ErrorHandler errors = new ErrorHandler(router);
    router.route().failureHandler(errors);
    for (int status : new int[] {400, 401, 403, 404, 405, 413, 415, 500}) {
      router.errorHandler(status, errors);
    }
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerResponse resp = ctx.response();
    if (resp.headWritten() || resp.closed()) {
      // after the deadline answered, the work's own late end (a failure or not) has nothing to say
      if (ctx.failure() != null && !Deadline.answered(ctx)
        && !(ctx.failure() instanceof ApiError || ctx.failure() instanceof DomainException)) {
        LOG.warn("request {} failed after the response started: {}", RequestId.of(ctx), ctx.failure().toString());
      }
      return;
    }
    ApiError error = ctx.failure() == null ? fromStatus(ctx.statusCode() < 400 ? 500 : ctx.statusCode(), null)
      : toApiError(ctx.failure());
    if (error.status() == 405) {
      resp.putHeader("Allow", allowed(ctx.request().path()));
    }
    write(ctx, error, ctx.failure());
  }

  /** Answers {@code failure} at once, outside the routing: the request's {@link Deadline} ran out. */
  static void answer(RoutingContext ctx, Throwable failure) {
    write(ctx, toApiError(failure), failure);
  }

  private static void write(RoutingContext ctx, ApiError error, Throwable failure) {
    HttpServerResponse resp = ctx.response();
    if (error.status() >= 500 && error.status() != 503) {
      LOG.error("request {} {} {} failed", RequestId.of(ctx), ctx.request().method(), ctx.request().path(), failure);
    } else if (error.status() == 503) {
      LOG.warn("request {} {} {} unavailable: {}", RequestId.of(ctx), ctx.request().method(), ctx.request().path(),
        failure == null ? "" : failure.toString());
    }
    if (error.status() == 503) {
      resp.putHeader("Retry-After", RETRY_AFTER_SECONDS);
    }
    if (failure instanceof Throttled t) {
      resp.putHeader("Retry-After", Long.toString(t.retryAfterSeconds()));
    }
    if (error.status() == 401) {
      resp.putHeader("WWW-Authenticate", "Bearer");
    }
    resp.setStatusCode(error.status())
      .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
      .end(error.body().toBuffer());
  }

  /** The methods the routes matching {@code path} answer, as a 405's {@code Allow} lists them. */
  String allowed(String path) {
    TreeSet<String> methods = new TreeSet<>();
    for (Route r : router.getRoutes()) {
      if (r.getPath() != null && !r.methods().isEmpty() && matches(r.getPath(), path)) {
        r.methods().forEach(m -> methods.add(m.name()));
      }
    }
    return String.join(", ", methods);
  }

  /** A route path such as {@code /orders/:id} against a request path, segment by segment (a trailing slash aside). */
  static boolean matches(String template, String path) {
    if (template.endsWith("*")) {
      return path.startsWith(template.substring(0, template.length() - 1));
    }
    String[] want = template.split("/", -1);
    String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    String[] got = trimmed.split("/", -1);
    if (want.length != got.length) {
      return false;
    }
    for (int i = 0; i < want.length; i++) {
      boolean param = want[i].startsWith(":") && !got[i].isEmpty();
      if (!param && !want[i].equals(got[i])) {
        return false;
      }
    }
    return true;
  }

  /** The status and body a failure is answered with: also what idempotency stores for a failed request. */
  public static ApiError toApiError(Throwable failure) {
    if (failure instanceof ApiError api) {
      return api;
    }
    if (failure instanceof DomainException d) {
      return new ApiError(status(d), d.code(), d.getMessage(), d.details());
    }
    if (failure instanceof HttpException http) {
      return fromStatus(http.getStatusCode(), http.getPayload());
    }
    if (failure instanceof DecodeException) {
      return ApiError.badRequest("invalid_json", "Request body is not valid JSON");
    }
    if (failure instanceof NumberFormatException) {
      return ApiError.badRequest("invalid_parameter", "A numeric parameter is not a number");
    }
    if (failure instanceof ClassCastException) {
      return ApiError.badRequest("invalid_type", "A field has the wrong type");
    }
    if (Database.isDuplicateKey(failure)) {
      return ApiError.conflict("duplicate", "The resource already exists");
    }
    if (isUnavailable(failure)) {
      return ApiError.unavailable("Service temporarily unavailable, try again");
    }
    return new ApiError(500, "internal_error", "Internal server error");
  }

  private static int status(DomainException d) {
    return STATUS.get(d.getClass());
  }


  /**
   * A dependency (the database, another service) could not answer: down, silent past its bound,
   * overloaded, or the connection went while a statement was out. Looks through wrapped causes.
   */
  static boolean isUnavailable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      // an IOException here is a dependency's connection failing under us (reset by peer, broken pipe)
      if (t instanceof ConnectException || t instanceof ClosedConnectionException || t instanceof java.io.IOException
        || t instanceof TimeoutException || Database.isRetryable(t)) {
        return true;
      }
      if (t instanceof MySQLException) {
        return false;
      }
      String message = String.valueOf(t.getMessage()).toLowerCase();
      if (t.getClass().getSimpleName().contains("PoolTooBusy") || t.getClass().getSimpleName().contains("Timeout")
        || (t instanceof VertxException && (message.contains("timeout") || message.contains("connection has been closed")
        || message.contains("pool closed")))) {
        return true;
      }
    }
    return false;
  }

  static ApiError fromStatus(int status, String payload) {
    return switch (status) {
      case 400 -> ApiError.badRequest("bad_request", payload != null ? payload : "Bad request");
      case 401 -> ApiError.unauthorized(payload != null ? payload : "Authentication required");
      case 403 -> ApiError.forbidden(payload != null ? payload : "Not allowed");
      case 404 -> ApiError.notFound(payload != null ? payload : "Not found");
      case 405 -> new ApiError(405, "method_not_allowed", "Method not allowed");
      case 409 -> ApiError.conflict("conflict", payload != null ? payload : "Conflict");
      case 413 -> new ApiError(413, "payload_too_large", "Request body is larger than 64 KiB");
      case 415 -> new ApiError(415, "unsupported_media_type", "Send the body as application/json");
      case 429 -> new ApiError(429, "too_many_requests", "Too many requests");
      case 503 -> ApiError.unavailable("Service temporarily unavailable, try again");
      default -> status >= 500
        ? new ApiError(status, "internal_error", "Internal server error")
        : new ApiError(status, "error", payload != null ? payload : "Request failed", new JsonObject());
    };
  }
}
