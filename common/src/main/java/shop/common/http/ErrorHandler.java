package shop.common.http;

import io.vertx.core.Handler;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.mysqlclient.MySQLException;
import io.vertx.sqlclient.ClosedConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shop.common.db.Database;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/** The one JSON failure handler: docs/API.md's error shape; 5xx bodies never carry internals. */
public final class ErrorHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorHandler.class);
  /** Every 503 is a dependency down or overloaded for now: worth trying again shortly. */
  private static final String RETRY_AFTER_SECONDS = "1";

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerResponse resp = ctx.response();
    if (resp.headWritten() || resp.closed()) {
      if (ctx.failure() != null && !(ctx.failure() instanceof ApiError)) {
        LOG.warn("request {} failed after the response started: {}", RequestId.of(ctx), ctx.failure().toString());
      }
      return;
    }
    ApiError error = toApiError(ctx);
    if (error.status() >= 500 && error.status() != 503) {
      LOG.error("request {} {} {} failed", RequestId.of(ctx), ctx.request().method(), ctx.request().path(), ctx.failure());
    } else if (error.status() == 503) {
      LOG.warn("request {} {} {} unavailable: {}", RequestId.of(ctx), ctx.request().method(), ctx.request().path(),
        ctx.failure() == null ? "" : ctx.failure().toString());
    }
    if (error.status() == 503) {
      resp.putHeader("Retry-After", RETRY_AFTER_SECONDS);
    }
    if (error.status() == 401) {
      resp.putHeader("WWW-Authenticate", "Bearer");
    }
    if (error.status() == 405 && ctx.request().method() != null) {
      resp.putHeader("Allow", "GET, POST, PUT, DELETE");
    }
    resp.setStatusCode(error.status())
      .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
      .end(error.body().toBuffer());
  }

  static ApiError toApiError(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ApiError api) {
      return api;
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
    if (failure == null) {
      return fromStatus(ctx.statusCode() < 400 ? 500 : ctx.statusCode(), null);
    }
    return new ApiError(500, "internal_error", "Internal server error");
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
