package shop.common.http;

import io.vertx.core.json.JsonObject;

/**
 * A failure the client should see: status, a machine code, a human message and optional details.
 * Thrown or failed into a future; the failure handler turns it into the error body of docs/API.md.
 */
public final class ApiError extends RuntimeException {

  private final int status;
  private final String code;
  private final JsonObject extra;

  public ApiError(int status, String code, String message, JsonObject extra) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.extra = extra == null ? new JsonObject() : extra;
  }

  public ApiError(int status, String code, String message) {
    this(status, code, message, null);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public JsonObject body() {
    return new JsonObject().put("error", getMessage()).put("code", code).mergeIn(extra);
  }

  public static ApiError badRequest(String code, String message) {
    return new ApiError(400, code, message);
  }

  public static ApiError invalid(JsonObject fieldMessages) {
    String first = fieldMessages.fieldNames().stream().sorted().findFirst()
      .map(f -> f + ": " + fieldMessages.getString(f)).orElse("invalid input");
    return new ApiError(400, "validation_failed", "Invalid input (" + first + ")",
      new JsonObject().put("details", fieldMessages));
  }

  public static ApiError unauthorized(String message) {
    return new ApiError(401, "unauthorized", message);
  }

  public static ApiError forbidden(String message) {
    return new ApiError(403, "forbidden", message);
  }

  public static ApiError notFound(String message) {
    return new ApiError(404, "not_found", message);
  }

  public static ApiError conflict(String code, String message) {
    return new ApiError(409, code, message);
  }

  public static ApiError unprocessable(String code, String message) {
    return new ApiError(422, code, message);
  }

  public static ApiError unavailable(String message) {
    return new ApiError(503, "service_unavailable", message);
  }
}
