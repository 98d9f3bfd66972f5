package shop.common.outbox;

import io.vertx.core.json.JsonObject;
import shop.common.config.Config;
import shop.common.config.ConfigException;
import shop.common.delivery.Backoff;
import shop.common.delivery.DeliveryOptions;

/**
 * How the relay paces itself: poll interval, batch size, per-call timeout, exponential backoff
 * bounds (with jitter, see {@link Backoff}), the circuit breaker's failure threshold and reset
 * time, how long a claim lasts (renewed while its rows are being sent), milliseconds; and how many
 * rounds may run side by side while a backlog is worked through.
 */
public record RelayOptions(long pollIntervalMs, int batchSize, long requestTimeoutMs, long baseBackoffMs,
                           long maxBackoffMs, int breakerMaxFailures, long breakerResetMs, long claimMs,
                           int rounds) {

  /** One round at a time. */
  public RelayOptions(long pollIntervalMs, int batchSize, long requestTimeoutMs, long baseBackoffMs,
                      long maxBackoffMs, int breakerMaxFailures, long breakerResetMs, long claimMs) {
    this(pollIntervalMs, batchSize, requestTimeoutMs, baseBackoffMs, maxBackoffMs, breakerMaxFailures,
      breakerResetMs, claimMs, 1);
  }

  public static RelayOptions from(JsonObject conf) {
    int rounds = Config.integer(conf, "OUTBOX_ROUNDS", 4);
    if (rounds < 1 || rounds > 64) {
      throw new ConfigException("OUTBOX_ROUNDS must be between 1 and 64, got " + rounds);
    }
    return new RelayOptions(
      Config.longValue(conf, "OUTBOX_POLL_MS", 500),
      Config.integer(conf, "OUTBOX_BATCH_SIZE", 50),
      Config.longValue(conf, "OUTBOX_TIMEOUT_MS", 5_000),
      Config.longValue(conf, "OUTBOX_BACKOFF_MS", 500),
      Config.longValue(conf, "OUTBOX_MAX_BACKOFF_MS", 60_000),
      Config.integer(conf, "OUTBOX_BREAKER_FAILURES", 5),
      Config.longValue(conf, "OUTBOX_BREAKER_RESET_MS", 5_000),
      Config.longValue(conf, "OUTBOX_CLAIM_MS", 15_000),
      rounds);
  }

  /**
   * The engine's part: no attempt limit (a message waits for its destination, however long), and a
   * round settled together, since every receiver drops a repeated event id.
   */
  DeliveryOptions delivery() {
    return new DeliveryOptions(pollIntervalMs, batchSize, claimMs, new Backoff(baseBackoffMs, maxBackoffMs),
      Integer.MAX_VALUE, false, batchSize, 0, rounds);
  }
}
