package shop.common.error;

/** Who the caller is could not be established: wrong credentials (401). */
public final class Unauthenticated extends DomainException {

  public Unauthenticated(String message) {
    super("unauthorized", message, null);
  }
}
