package shop.common.error;

import io.vertx.core.json.JsonObject;

/** A conflict with the clock: a deadline passed ({@code order_expired}); answered like any conflict (409). */
public final class Expired extends Conflict {

  public Expired(String code, String message, JsonObject details) {
    super(code, message, details);
  }
}
