package shop.notification;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import shop.common.db.Database;

import java.util.ArrayList;
import java.util.List;

/**
 * The delivery side of the notifications table. A dispatcher claims due rows with one conditional
 * UPDATE (a claim token and an expiry), so two instances never hold the same row; only the holder
 * of the claim may record the outcome, and every outcome is one attempts row (a failure's in the same
 * transaction; a delivery's right after the mark, which must not wait).
 */
final class DeliveryQueue {

  private static final String DUE = " status = 'pending' AND next_attempt_at <= UTC_TIMESTAMP(3) "
    + "AND (claim_until IS NULL OR claim_until < UTC_TIMESTAMP(3))";
  private static final String CLAIM_DUE = "UPDATE notifications SET claimed_by = ?, "
    + "claim_until = UTC_TIMESTAMP(3) + INTERVAL ? MICROSECOND WHERE" + DUE + " ORDER BY next_attempt_at, id LIMIT ?";
  private static final String CLAIM_ONE = "UPDATE notifications SET claimed_by = ?, "
    + "claim_until = UTC_TIMESTAMP(3) + INTERVAL ? MICROSECOND WHERE id = ? AND" + DUE;
  private static final String CLAIMED = "SELECT " + Notification.COLUMNS + " FROM notifications "
    + "WHERE claimed_by = ? AND status = 'pending' ORDER BY id";
  private static final String RENEW = "UPDATE notifications SET claim_until = UTC_TIMESTAMP(3) + INTERVAL ? MICROSECOND "
    + "WHERE claimed_by = ? AND status = 'pending'";
  private static final String SET_RECIPIENT = "UPDATE notifications SET recipient = ?, updated_at = UTC_TIMESTAMP(3) "
    + "WHERE id = ? AND claimed_by = ?";
  private static final String DONE = "UPDATE notifications SET status = ?, attempts = attempts + 1, "
    + "sent_at = IF(? = 'sent', UTC_TIMESTAMP(3), sent_at), error_message = NULL, claimed_by = NULL, "
    + "claim_until = NULL, updated_at = UTC_TIMESTAMP(3) WHERE id = ? AND claimed_by = ?";
  private static final String FAILED = "UPDATE notifications SET status = ?, attempts = attempts + 1, "
    + "next_attempt_at = UTC_TIMESTAMP(3) + INTERVAL ? MICROSECOND, error_message = ?, claimed_by = NULL, "
    + "claim_until = NULL, updated_at = UTC_TIMESTAMP(3) WHERE id = ? AND claimed_by = ?";
  private static final String ATTEMPT = "INSERT INTO notification_attempts "
    + "(notification_id, attempt, instance, outcome, error, attempted_at) VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP(3))";

  private final Vertx vertx;
  private final Pool pool;
  private final String instance;

  DeliveryQueue(Vertx vertx, Pool pool, String instance) {
    this.vertx = vertx;
    this.pool = pool;
    this.instance = instance;
  }

  /** Claims up to {@code limit} due rows for {@code claimMs} under {@code token} and returns them. */
  Future<List<Notification>> claimDue(String token, int limit, long claimMs) {
    return Database.retrying(vertx, () -> pool.preparedQuery(CLAIM_DUE).execute(Tuple.of(token, claimMs * 1000, limit)))
      .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture(List.of()) : claimed(token));
  }

  /** Claims one row if it is due and unclaimed: the immediate attempt after POST /notifications. */
  Future<List<Notification>> claimOne(long id, String token, long claimMs) {
    return Database.retrying(vertx, () -> pool.preparedQuery(CLAIM_ONE).execute(Tuple.of(token, claimMs * 1000, id)))
      .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture(List.of()) : claimed(token));
  }

  private Future<List<Notification>> claimed(String token) {
    return pool.preparedQuery(CLAIMED).execute(Tuple.of(token)).map(rows -> {
      List<Notification> out = new ArrayList<>();
      rows.forEach(r -> out.add(Notification.from(r)));
      return out;
    });
  }

  Future<Void> setRecipient(Notification n, String token, String email) {
    return pool.preparedQuery(SET_RECIPIENT).execute(Tuple.of(email, n.id(), token)).mapEmpty();
  }

  /** Extends the claim {@code token} on the rows it still holds; answers how many. */
  Future<Integer> renew(String token, long claimMs) {
    return pool.preparedQuery(RENEW).execute(Tuple.of(claimMs * 1000, token)).map(rows -> rows.rowCount());
  }

  /**
   * Marks a delivery ({@code sent} or {@code logged}) and releases the claim with one statement that
   * commits on its own: it is what keeps the email from going out again, so it waits for no
   * transaction. False when the claim was no longer this one's (another instance took the row over).
   */
  Future<Boolean> markDelivered(Notification n, String token, String status) {
    return pool.preparedQuery(DONE).execute(Tuple.of(status, status, n.id(), token)).map(rows -> rows.rowCount() == 1);
  }

  /** The history row of a delivery marked by {@link #markDelivered}. */
  Future<Void> recordDelivered(Notification n, String status) {
    return pool.preparedQuery(ATTEMPT).execute(Tuple.of(n.id(), n.attempts() + 1, instance, status, null)).mapEmpty();
  }

  /** Records a failed attempt: pending again after {@code delayMs}, or failed for good when {@code last}. */
  Future<Void> attemptFailed(Notification n, String token, String error, boolean last, long delayMs) {
    String status = last ? Notification.FAILED : Notification.PENDING;
    return Database.inTransaction(vertx, pool, tx -> tx.preparedQuery(FAILED)
      .execute(Tuple.of(status, delayMs * 1000, error, n.id(), token))
      .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture()
        : tx.preparedQuery(ATTEMPT).execute(Tuple.of(n.id(), n.attempts() + 1, instance, "error", error)))
      .mapEmpty());
  }
}
