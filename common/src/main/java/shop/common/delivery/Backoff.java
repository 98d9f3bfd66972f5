package shop.common.delivery;

import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a failed message waits before its next attempt: {@code d = min(baseMs · 2^(n−1), maxMs)}
 * after the n-th failed attempt, then a wait drawn evenly from {@code [d/2, d]} ("equal jitter":
 * messages that failed together spread out, and none waits longer than the cap, which wins over a
 * larger base). Milliseconds.
 */
public record Backoff(long baseMs, long maxMs) {

  public Backoff {
    if (baseMs < 0 || maxMs < 0) {
      throw new IllegalArgumentException("a backoff is never negative, got " + baseMs + " and " + maxMs);
    }
  }

  /** The wait after failed attempt {@code failedAttempts} (1 for the first), {@code random} in [0, 1). */
  public long delayMs(int failedAttempts, double random) {
    double exp = baseMs * Math.pow(2, Math.max(0, Math.min(failedAttempts - 1, 40)));
    long capped = (long) Math.min(exp, maxMs);
    return capped / 2 + (long) (random * (capped - capped / 2));
  }

  public long delayMs(int failedAttempts) {
    return delayMs(failedAttempts, ThreadLocalRandom.current().nextDouble());
  }
}
