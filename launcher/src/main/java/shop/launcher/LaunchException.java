package shop.launcher;

/** A startup problem the user can fix; its message is printed as one line, without a stack trace. */
public final class LaunchException extends RuntimeException {

  public LaunchException(String message) {
    super(message);
  }

  public LaunchException(String message, Throwable cause) {
    super(message, cause);
  }
}
