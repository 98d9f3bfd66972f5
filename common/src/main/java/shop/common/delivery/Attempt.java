package shop.common.delivery;

/** What a sender answers: the message as it went out (a sender may have filled in a field) and how it went. */
public record Attempt<M extends Deliverable>(M message, Outcome outcome) {
}
