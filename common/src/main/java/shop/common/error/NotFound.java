package shop.common.error;

import io.vertx.core.json.JsonObject;

/** It does not exist, or it is someone else's: the two are told apart to no one (404). */
public final class NotFound extends DomainException {

  public NotFound(String message) {
    this("not_found", message, null);
  }

  public NotFound(String code, String message, JsonObject details) {
    super(code, message, details);
  }
}
