package shop.common.error;

import io.vertx.core.json.JsonObject;

/**
 * A well-formed request that breaks a rule of the domain: a card number failing its check digit, an
 * amount that is not the order's, a total too large to keep (422). Malformed input is the web
 * layer's 400, not this.
 */
public final class Invalid extends DomainException {

  public Invalid(String code, String message) {
    this(code, message, null);
  }

  public Invalid(String code, String message, JsonObject details) {
    super(code, message, details);
  }
}
