package shop.common.delivery;

/** How one attempt at one message ended, as its sender saw it. */
public sealed interface Outcome {

  /** The receiver took it; {@code status} is the row's final status, {@code code} the receiver's answer if it has one. */
  record Delivered(String status, Integer code) implements Outcome {
  }

  /** It did not go through: tried again after a backoff unless {@code permanent} (no retry can help). */
  record Failed(String error, Integer code, boolean permanent) implements Outcome {
  }

  /** Not attempted (a destination known to be down): due again after {@code delayMs}, no attempt counted. */
  record Postponed(String reason, long delayMs) implements Outcome {
  }

  static Outcome delivered(String status, Integer code) {
    return new Delivered(status, code);
  }

  static Outcome failed(String error, Integer code) {
    return new Failed(error, code, false);
  }

  static Outcome refused(String error, Integer code) {
    return new Failed(error, code, true);
  }

  static Outcome failed(Throwable err) {
    return failed(describe(err), null);
  }

  /** A failure as one short line for an attempts table, a log or an API answer: never a stack trace. */
  static String describe(Throwable err) {
    String msg = err.getMessage();
    String line = err.getClass().getSimpleName() + (msg == null || msg.isBlank() ? "" : ": " + msg);
    line = line.replaceAll("\\s+", " ").trim();
    return line.length() > 1000 ? line.substring(0, 1000) : line;
  }
}
