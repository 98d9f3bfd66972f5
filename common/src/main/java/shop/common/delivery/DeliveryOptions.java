package shop.common.delivery;

/**
 * The engine's rhythm and retry policy. A round runs every {@code pollMs} (0: only when kicked),
 * claims up to {@code batchSize} rows for {@code claimMs}, renewed every third of it while they
 * are being sent. A failure waits {@code backoff}; after {@code maxAttempts} attempts it is final.
 * {@code settleEach}: each message is settled the moment its attempt ends (a resend cannot be
 * recognised by its receiver, as with SMTP); otherwise a round's messages are settled together once
 * all have been tried (receivers drop repeats). Either way the settles that are ready together are
 * written as one group ({@link GroupBuffer}): up to {@code settleGroup} messages, collected for at
 * most {@code settleWaitMs} (0: only those that end in the same event-loop task), in a few
 * statements whatever their claims. {@code rounds}: how many rounds may run side by side while they
 * come back full ({@link DeliveryLoop}).
 */
public record DeliveryOptions(long pollMs, int batchSize, long claimMs, Backoff backoff, int maxAttempts,
                              boolean settleEach, int settleGroup, long settleWaitMs, int rounds) {

  public DeliveryOptions {
    if (batchSize < 1 || claimMs < 1 || maxAttempts < 1 || settleGroup < 1 || rounds < 1) {
      throw new IllegalArgumentException("batch size, claim, attempts, settle group and rounds must be positive");
    }
    if (settleWaitMs < 0) {
      throw new IllegalArgumentException("a settle never waits a negative time, got " + settleWaitMs);
    }
  }

  /** One round at a time. */
  public DeliveryOptions(long pollMs, int batchSize, long claimMs, Backoff backoff, int maxAttempts,
                         boolean settleEach, int settleGroup, long settleWaitMs) {
    this(pollMs, batchSize, claimMs, backoff, maxAttempts, settleEach, settleGroup, settleWaitMs, 1);
  }

  /** A round's settle as one group, written without waiting for others; one round at a time. */
  public DeliveryOptions(long pollMs, int batchSize, long claimMs, Backoff backoff, int maxAttempts,
                         boolean settleEach) {
    this(pollMs, batchSize, claimMs, backoff, maxAttempts, settleEach, batchSize, 0);
  }

  /** A third of the claim: two renewals may be late or fail before the claim runs out. */
  public long renewMs() {
    return Math.max(1, claimMs / 3);
  }
}
