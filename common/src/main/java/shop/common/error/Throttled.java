package shop.common.error;

import io.vertx.core.json.JsonObject;

/** Too many attempts: try again in {@code retryAfterSeconds} (429, with {@code Retry-After}). */
public final class Throttled extends DomainException {

  private final long retryAfterSeconds;

  public Throttled(String code, String message, long retryAfterSeconds) {
    super(code, message, new JsonObject().put("retry_after", retryAfterSeconds));
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
