package shop.common.outbox;

import io.vertx.core.json.JsonObject;
import shop.common.config.Config;

/**
 * How the relay paces itself: poll interval, batch size, per-call timeout, exponential backoff
 * bounds (with jitter), and the circuit breaker's failure threshold and reset time.
 */
public record RelayOptions(long pollIntervalMs, int batchSize, long requestTimeoutMs, long baseBackoffMs,
                           long maxBackoffMs, int breakerMaxFailures, long breakerResetMs, long claimSeconds) {

  public static RelayOptions from(JsonObject conf) {
    return new RelayOptions(
      Config.longValue(conf, "OUTBOX_POLL_MS", 500),
      Config.integer(conf, "OUTBOX_BATCH_SIZE", 50),
      Config.longValue(conf, "OUTBOX_TIMEOUT_MS", 5_000),
      Config.longValue(conf, "OUTBOX_BACKOFF_MS", 500),
      Config.longValue(conf, "OUTBOX_MAX_BACKOFF_MS", 60_000),
      Config.integer(conf, "OUTBOX_BREAKER_FAILURES", 5),
      Config.longValue(conf, "OUTBOX_BREAKER_RESET_MS", 5_000),
      Config.longValue(conf, "OUTBOX_CLAIM_SECONDS", 60));
  }

  /** Backoff before attempt {@code attempts + 1}: base·2^(attempts-1) capped, with "equal jitter". */
  long backoffMs(int attempts, double random) {
    double exp = baseBackoffMs * Math.pow(2, Math.max(0, Math.min(attempts - 1, 30)));
    long capped = (long) Math.min(exp, maxBackoffMs);
    return capped / 2 + (long) (random * (capped / 2.0));
  }
}
