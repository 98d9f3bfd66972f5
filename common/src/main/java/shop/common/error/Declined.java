package shop.common.error;

import io.vertx.core.json.JsonObject;

/** The money was refused (a declined card): the attempt is recorded, nothing is charged (402). */
public final class Declined extends DomainException {

  public Declined(String code, String message, JsonObject details) {
    super(code, message, details);
  }
}
