package shop.reliability.harness;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Polling with a deadline that answers instead of failing: for measuring how long something takes. */
public final class Poll {

  private static final long INTERVAL_MS = 50;

  private Poll() {
  }

  /** True as soon as {@code condition} holds, false once {@code within} has passed without it. */
  public static boolean until(Duration within, BooleanSupplier condition) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        TimeUnit.MILLISECONDS.sleep(INTERVAL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return true;
  }

  /** Keeps a fault in place for its whole length (the length is what the test is about, not a guess). */
  public static void hold(Duration length) {
    until(length, () -> false);
  }

  /** Milliseconds until {@code condition} holds, or -1 when it did not within {@code within}. */
  public static long millisUntil(Duration within, BooleanSupplier condition) {
    long t0 = System.nanoTime();
    return until(within, condition) ? TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) : -1;
  }
}
