package shop.common.error;

/** Something this needs (another service) did not answer, or answered nonsense: try again shortly (503). */
public final class Unavailable extends DomainException {

  public Unavailable(String message) {
    this("service_unavailable", message);
  }

  public Unavailable(String code, String message) {
    super(code, message, null);
  }
}
