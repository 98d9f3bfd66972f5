package shop.common.error;

/** The caller is known but may not do this (403). */
public final class Forbidden extends DomainException {

  public Forbidden(String message) {
    this("forbidden", message);
  }

  public Forbidden(String code, String message) {
    super(code, message, null);
  }
}
