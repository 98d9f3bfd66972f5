package shop.notification;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shop.common.delivery.AttemptLog;
import shop.common.delivery.ClaimTable;
import shop.common.delivery.GroupRelease;
import shop.common.delivery.Ledger;
import shop.common.delivery.Outcome;
import shop.common.delivery.Settled;

import java.util.ArrayList;
import java.util.List;

/**
 * Settles the notifications whose attempts ended together (the engine's group: each email is handed
 * over the moment its attempt ends, and waits at most {@code NOTIFICATION_GROUP_MS} for others). The
 * marks come first, one UPDATE per kind of outcome that commits on its own, each row released only
 * by the claim that holds it ({@link GroupRelease}): once the SMTP server has accepted an email, that
 * mark is what keeps it from going out again, so it waits for nothing else. Then one INSERT of the
 * group's {@code notification_attempts} rows. A recipient found at the user service is stored with
 * the outcome.
 */
final class NotificationLedger implements Ledger<Notification> {

  private static final Logger LOG = LoggerFactory.getLogger(NotificationLedger.class);
  private static final String DELIVERED = "status = ?, attempts = attempts + 1, "
    + "sent_at = IF(? = 'sent', UTC_TIMESTAMP(3), sent_at), error_message = NULL, recipient = COALESCE(?, recipient), "
    + "updated_at = UTC_TIMESTAMP(3)";
  private static final String FAILED = "status = ?, attempts = attempts + 1, error_message = ?, "
    + "next_attempt_at = UTC_TIMESTAMP(3) + INTERVAL ? MICROSECOND, recipient = COALESCE(?, recipient), "
    + "updated_at = UTC_TIMESTAMP(3)";
  private static final String POSTPONED = "next_attempt_at = UTC_TIMESTAMP(3) + INTERVAL ? MICROSECOND, "
    + "error_message = ?, updated_at = UTC_TIMESTAMP(3)";

  private final ClaimTable<Notification> table;
  private final AttemptLog attempts;
  private final String instance;
  private final MeterRegistry registry;

  NotificationLedger(Vertx vertx, Pool pool, ClaimTable<Notification> table, String instance, MeterRegistry registry) {
    this.table = table;
    this.attempts = new AttemptLog(vertx, pool, "INSERT INTO notification_attempts "
      + "(notification_id, attempt, instance, outcome, error, attempted_at)", "(?, ?, ?, ?, ?, UTC_TIMESTAMP(3))");
    this.instance = instance;
    this.registry = registry;
  }

  @Override
  public Future<Void> settle(List<Settled<Notification>> settled) {
    GroupRelease delivered = new GroupRelease(DELIVERED);
    GroupRelease failed = new GroupRelease(FAILED);
    GroupRelease postponed = new GroupRelease(POSTPONED);
    List<Tuple> history = new ArrayList<>();
    for (Settled<Notification> s : settled) {
      Notification n = s.message();
      if (s.outcome() instanceof Outcome.Delivered d) {
        count(d.status());
        delivered.add(n.id(), s.claim(), d.status(), d.status(), n.recipient());
        history.add(Tuple.of(n.id(), s.attempt(), instance, d.status(), null));
      } else if (s.outcome() instanceof Outcome.Failed f) {
        count(s.gaveUp() ? Notification.FAILED : "error");
        String status = s.gaveUp() ? Notification.FAILED : Notification.PENDING;
        failed.add(n.id(), s.claim(), status, f.error(), s.retryInMs() * 1000, n.recipient());
        history.add(Tuple.of(n.id(), s.attempt(), instance, "error", f.error()));
      } else {
        Outcome.Postponed p = (Outcome.Postponed) s.outcome();
        postponed.add(n.id(), s.claim(), p.delayMs() * 1000, p.reason());
      }
    }
    Future<Void> marked = table.release(delivered).map(n -> {
      if (n < delivered.ids().size()) {
        LOG.warn("notifications {} were sent but {} of their claims had been taken over: they may go out twice",
          delivered.ids(), delivered.ids().size() - n);
      }
      return null;
    });
    // the failures wait for the sent marks only, never the other way round
    Future<Void> all = Future.all(marked, marked.transform(v -> table.release(failed)),
      marked.transform(v -> table.release(postponed))).mapEmpty();
    return all.compose(v -> attempts.write(history).recover(err -> {
      LOG.warn("notifications {} settled but their attempt rows were not written: {}",
        history.stream().map(t -> t.getLong(0)).toList(), err.toString());
      return Future.succeededFuture();
    }));
  }

  private void count(String outcome) {
    registry.counter("notification.emails", "outcome", outcome).increment();
  }
}
