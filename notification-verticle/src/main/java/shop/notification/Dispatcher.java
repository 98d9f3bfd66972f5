package shop.notification;

import io.vertx.core.Future;
import shop.common.delivery.DeliveryEngine;

import java.util.List;

/**
 * The notification service's side of the delivery engine: the poll over the notifications table, and
 * the immediate attempts the routes ask for. A new notification is inserted already claimed (see
 * {@link #newClaim()}), so its first attempt needs no claim statement of its own; an admin retry
 * claims its row like a poll would. Delivery is at least once: claims are short and renewed while
 * their rows are being sent, and an email is marked the moment the SMTP server accepts it (see
 * {@link NotificationLedger}), so only an instance that stops between that acceptance and the mark
 * sends an email twice, and then once more at most, as soon as its short claim runs out.
 */
final class Dispatcher {

  private final DeliveryEngine<Notification> engine;

  Dispatcher(DeliveryEngine<Notification> engine) {
    this.engine = engine;
  }

  void start() {
    engine.start();
  }

  /** Stops polling; completes once a round in progress has ended. */
  Future<Void> stop() {
    return engine.stop();
  }

  /** A claim for a row about to be inserted, so that its first attempt needs no claim of its own. */
  record Claim(String token, long ms) {
  }

  Claim newClaim() {
    return new Claim(engine.newClaim(), engine.claimMs());
  }

  /** The immediate attempts for rows inserted under {@code claim}. */
  Future<Integer> deliverClaimed(List<Notification> rows, Claim claim) {
    return engine.deliverClaimed(rows, claim.token());
  }

  /** The immediate attempt for one notification; a no-op when another instance already holds it. */
  Future<Integer> dispatchNow(long id) {
    return engine.deliverNow(id);
  }
}
