package shop.common.delivery;

/**
 * The engine's rhythm and retry policy. A round runs every {@code pollMs} (0: only when kicked),
 * claims up to {@code batchSize} rows for {@code claimMs}, renewed every third of it while they
 * are being sent. A failure waits {@code backoff}; after {@code maxAttempts} attempts it is final.
 * {@code settleEach}: each message is settled the moment its attempt ends (a resend cannot be
 * recognised by its receiver, as with SMTP); otherwise a round's messages are settled together once
 * all have been tried, in a few statements (receivers drop repeats).
 */
public record DeliveryOptions(long pollMs, int batchSize, long claimMs, Backoff backoff, int maxAttempts,
                              boolean settleEach) {

  public DeliveryOptions {
    if (batchSize < 1 || claimMs < 1 || maxAttempts < 1) {
      throw new IllegalArgumentException("batch size, claim and attempts must be positive");
    }
  }

  /** A third of the claim: two renewals may be late or fail before the claim runs out. */
  public long renewMs() {
    return Math.max(1, claimMs / 3);
  }
}
