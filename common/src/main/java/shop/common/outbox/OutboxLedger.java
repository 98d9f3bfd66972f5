package shop.common.outbox;

import io.micrometer.core.instrument.Counter;
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
 * Settles a group of outbox rows (a round, or several rounds' that ended together, whatever their
 * claims) in a few statements instead of two a row: one INSERT of the group's attempts, then one
 * UPDATE per kind of outcome (final, to retry, postponed), a value that differs between rows
 * (status code, error, backoff, claim) given per row by {@code CASE id WHEN …} ({@link GroupRelease}).
 * The history goes first; should it fail, the marks still go (a missing history row is better than
 * a resend). Should the marks fail, the rows stay claimed until {@code claim_until} and are sent
 * again, and receivers drop the repeats by event id.
 */
final class OutboxLedger implements Ledger<OutboxRow> {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxLedger.class);
  private static final String FINAL = "status = ?, delivered_at = UTC_TIMESTAMP(3), last_status = ?, "
    + "attempts = attempts + 1, last_error = NULL";
  private static final String RETRY = "attempts = attempts + 1, last_status = ?, last_error = ?, "
    + "next_attempt_at = UTC_TIMESTAMP(3) + INTERVAL ? MICROSECOND";
  private static final String POSTPONE = "last_status = NULL, last_error = ?, "
    + "next_attempt_at = UTC_TIMESTAMP(3) + INTERVAL ? MICROSECOND";
  /** The width of {@code last_error} and {@code outbox_attempts.error}, less a margin. */
  private static final int ERROR_CHARS = 480;

  private final ClaimTable<OutboxRow> table;
  private final AttemptLog attempts;
  private final String relayId;
  private final Counter delivered;
  private final Counter failed;

  OutboxLedger(Vertx vertx, Pool pool, ClaimTable<OutboxRow> table, String relayId, String serviceName,
               MeterRegistry registry) {
    this.table = table;
    this.attempts = new AttemptLog(vertx, pool, "INSERT INTO outbox_attempts (outbox_id, attempted_at, relay, "
      + "status_code, error)", "(?, UTC_TIMESTAMP(3), ?, ?, ?)");
    this.relayId = relayId;
    this.delivered = Counter.builder("shop_outbox_delivered_total").tag("service", serviceName).register(registry);
    this.failed = Counter.builder("shop_outbox_failed_attempts_total").tag("service", serviceName).register(registry);
  }

  @Override
  public Future<Void> settle(List<Settled<OutboxRow>> settled) {
    List<Tuple> history = new ArrayList<>();
    GroupRelease done = new GroupRelease(FINAL);
    GroupRelease retry = new GroupRelease(RETRY);
    GroupRelease postpone = new GroupRelease(POSTPONE);
    for (Settled<OutboxRow> s : settled) {
      long id = s.message().id();
      if (s.outcome() instanceof Outcome.Delivered d) {
        delivered.increment();
        history.add(Tuple.of(id, relayId, d.code(), null));
        done.add(id, s.claim(), "delivered", d.code());
      } else if (s.outcome() instanceof Outcome.Failed f) {
        String error = f.error().length() > ERROR_CHARS ? f.error().substring(0, ERROR_CHARS) : f.error();
        history.add(Tuple.of(id, relayId, f.code(), error));
        if (s.gaveUp()) {
          done.add(id, s.claim(), "rejected", f.code());
        } else {
          failed.increment();
          retry.add(id, s.claim(), f.code(), error, s.retryInMs() * 1000);
        }
      } else {
        // not an attempt: nothing was sent, so no history row and no attempt counted
        Outcome.Postponed p = (Outcome.Postponed) s.outcome();
        postpone.add(id, s.claim(), p.reason(), p.delayMs() * 1000);
      }
    }
    Future<Void> written = attempts.write(history).recover(err -> {
      LOG.warn("outbox attempts not recorded for {} rows: {}", history.size(), err.toString());
      return Future.succeededFuture();
    });
    for (GroupRelease release : List.of(done, retry, postpone)) {
      written = written.compose(v -> table.release(release).map(n -> {
        if (n < release.ids().size()) {
          LOG.warn("outbox rows {}: {} of them had been claimed by another relay meanwhile", release.ids(),
            release.ids().size() - n);
        }
        return null;
      }));
    }
    return written;
  }
}
