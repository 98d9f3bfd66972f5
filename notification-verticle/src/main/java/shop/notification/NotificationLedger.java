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
import shop.common.delivery.Ledger;
import shop.common.delivery.Outcome;
import shop.common.delivery.Settled;

import java.util.ArrayList;
import java.util.List;

/**
 * Settles a notification the moment its attempt ends. The mark comes first, in one statement that
 * commits on its own: once the SMTP server has accepted an email, that mark is what keeps it from
 * going out again, so it waits for nothing else. The {@code notification_attempts} row follows,
 * only when the mark landed (the claim was still this instance's). A recipient found at the user
 * service is stored with the outcome.
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
  public Future<Void> settle(String claim, List<Settled<Notification>> settled) {
    List<Future<Void>> each = new ArrayList<>();
    settled.forEach(s -> each.add(settle(claim, s)));
    return Future.all(each).mapEmpty();
  }

  private Future<Void> settle(String claim, Settled<Notification> s) {
    Notification n = s.message();
    List<Long> id = List.of(n.id());
    if (s.outcome() instanceof Outcome.Delivered d) {
      count(d.status());
      return table.release(claim, id, DELIVERED, d.status(), d.status(), n.recipient()).compose(marked -> {
        if (marked == 0) {
          LOG.warn("notification {} was sent but its claim had been taken over: it may go out twice", n.id());
          return Future.succeededFuture();
        }
        return history(s, d.status(), null);
      });
    }
    if (s.outcome() instanceof Outcome.Failed f) {
      count(s.gaveUp() ? Notification.FAILED : "error");
      String status = s.gaveUp() ? Notification.FAILED : Notification.PENDING;
      return table.release(claim, id, FAILED, status, f.error(), s.retryInMs() * 1000, n.recipient())
        .compose(released -> released == 0 ? Future.succeededFuture() : history(s, "error", f.error()));
    }
    Outcome.Postponed p = (Outcome.Postponed) s.outcome();
    return table.release(claim, id, POSTPONED, p.delayMs() * 1000, p.reason()).mapEmpty();
  }

  private Future<Void> history(Settled<Notification> s, String outcome, String error) {
    Tuple row = Tuple.of(s.message().id(), s.attempt(), instance, outcome, error);
    return attempts.write(List.of(row)).recover(err -> {
      LOG.warn("notification {} settled ({}) but its attempt row was not written: {}", s.message().id(), outcome,
        err.toString());
      return Future.succeededFuture();
    });
  }

  private void count(String outcome) {
    registry.counter("notification.emails", "outcome", outcome).increment();
  }
}
