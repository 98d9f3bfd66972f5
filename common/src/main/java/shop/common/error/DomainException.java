package shop.common.error;

import io.vertx.core.json.JsonObject;

/**
 * A rule of the shop said no. Services, and the clients they call other services with, fail with
 * one of these kinds and speak no HTTP: the one error handler ({@code shop.common.http.ErrorHandler})
 * maps each kind to its status and writes {@code code}, the message and {@code details} as the
 * error body of docs/API.md.
 *
 * <p>{@code code} is the machine-readable reason ({@code insufficient_stock}, {@code order_expired}, …);
 * {@code details} are extra fields of the body ({@code product_id}, {@code available}, …).
 */
public abstract sealed class DomainException extends RuntimeException
  permits NotFound, Conflict, Declined, Forbidden, Invalid, Unauthenticated, Throttled, Unavailable {

  private final String code;
  private final JsonObject details;

  DomainException(String code, String message, JsonObject details) {
    super(message, null, false, false);
    this.code = code;
    this.details = details == null ? new JsonObject() : details;
  }

  public String code() {
    return code;
  }

  public JsonObject details() {
    return details;
  }
}
