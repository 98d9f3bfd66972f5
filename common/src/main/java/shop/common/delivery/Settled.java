package shop.common.delivery;

/**
 * An attempt with the engine's decision, for a {@link Ledger} to write: {@code claim} the claim the
 * message was held under, {@code gaveUp} when a failure is final (refused, or the last attempt
 * allowed), {@code retryInMs} when it is due again.
 */
public record Settled<M extends Deliverable>(String claim, M message, Outcome outcome, boolean gaveUp,
                                             long retryInMs) {

  /** This attempt's number: 1 for the first. */
  public int attempt() {
    return message.attempts() + 1;
  }

  public boolean delivered() {
    return outcome instanceof Outcome.Delivered;
  }
}
