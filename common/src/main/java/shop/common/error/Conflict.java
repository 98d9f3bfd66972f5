package shop.common.error;

import io.vertx.core.json.JsonObject;

/** The request cannot happen in the state things are in: not enough stock, already paid, a forbidden move (409). */
public sealed class Conflict extends DomainException permits Expired {

  public Conflict(String code, String message) {
    this(code, message, null);
  }

  public Conflict(String code, String message, JsonObject details) {
    super(code, message, details);
  }
}
