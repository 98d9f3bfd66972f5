package shop.notification;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.mysqlclient.MySQLClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import shop.common.db.Database;
import shop.common.value.Listing;
import shop.common.value.Page;
import shop.common.value.Times;
import shop.common.tracing.Spans;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SQL behind the API, rows or empty: store (deduplicated on event_id), read, list, count, mark read, retry. */
final class NotificationRepository {

  private static final String INSERT = "INSERT INTO notifications (event_id, user_id, category, title, message, data, "
    + "recipient, status, attempts, next_attempt_at, created_at, updated_at, claimed_by, claim_until, traceparent) "
    + "VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?, UTC_TIMESTAMP(3) + INTERVAL ? MICROSECOND, ?)";
  private static final String FIND = "SELECT " + Notification.COLUMNS + " FROM notifications WHERE id = ?";
  private static final String FIND_EVENT = "SELECT " + Notification.COLUMNS + " FROM notifications WHERE event_id = ?";
  private static final String BY_USER = "SELECT " + Notification.COLUMNS + " FROM notifications WHERE user_id = ? "
    + "ORDER BY id DESC LIMIT ? OFFSET ?";
  private static final String COUNT_USER = "SELECT COUNT(*) FROM notifications WHERE user_id = ?";
  // order_id: the one every order and payment email carries in its data
  private static final String FILTER = " WHERE (? IS NULL OR status = ?) AND (? IS NULL OR category = ?)"
    + " AND (? IS NULL OR JSON_UNQUOTE(JSON_EXTRACT(data, '$.order_id')) = ?)";
  private static final String LIST = "SELECT " + Notification.COLUMNS + " FROM notifications" + FILTER
    + " ORDER BY id DESC LIMIT ? OFFSET ?";
  private static final String COUNT = "SELECT COUNT(*) FROM notifications" + FILTER;
  private static final String BY_STATUS = "SELECT status, COUNT(*) FROM notifications GROUP BY status";
  private static final String BY_CATEGORY = "SELECT category, COUNT(*) FROM notifications GROUP BY category";
  private static final String MARK_READ = "UPDATE notifications SET read_at = COALESCE(read_at, UTC_TIMESTAMP(3)), "
    + "updated_at = UTC_TIMESTAMP(3) WHERE id = ?";
  private static final String RETRY = "UPDATE notifications SET status = 'pending', attempts = 0, "
    + "next_attempt_at = UTC_TIMESTAMP(3), claimed_by = NULL, claim_until = NULL, updated_at = UTC_TIMESTAMP(3) "
    + "WHERE id = ? AND status = 'failed'";

  private final Pool pool;

  NotificationRepository(Pool pool) {
    this.pool = pool;
  }

  /** The stored notification and whether this call stored it (false: the event_id was already there). */
  record Stored(Notification notification, boolean created) {
  }

  /**
   * One INSERT; the unique event_id decides between concurrent copies, the losers read the winner's
   * row. The new row is stored already held by {@code claim}, so its first delivery attempt needs no
   * claim of its own (should this process die first, the claim runs out and the poll takes it), and
   * it is answered as written, times from this clock at the column's precision.
   */
  Future<Stored> insert(NotificationInput in, String title, Dispatcher.Claim claim) {
    LocalDateTime now = Times.nowUtc();
    String traceparent = Spans.enqueued("email enqueue", Map.of("messaging.message.id", in.eventId()));
    Tuple args = Tuple.of(in.eventId(), in.userId(), in.category(), title, in.message(), in.data().encode(), in.email())
      .addValue(now).addValue(now).addValue(now).addString(claim.token()).addLong(claim.ms() * 1000)
      .addString(traceparent);
    return pool.preparedQuery(INSERT).execute(args)
      .map(rows -> new Stored(new Notification(rows.property(MySQLClient.LAST_INSERTED_ID), in.eventId(), in.userId(),
        in.category(), title, in.message(), in.data(), in.email(), Notification.PENDING, 0, null, null, now, null,
        traceparent), true))
      .recover(err -> Database.isDuplicateKey(err)
        ? one(pool.preparedQuery(FIND_EVENT).execute(Tuple.of(in.eventId())))
          .map(first -> new Stored(first.orElseThrow(), false))
        : Future.failedFuture(err));
  }

  Future<Optional<Notification>> find(long id) {
    return one(pool.preparedQuery(FIND).execute(Tuple.of(id)));
  }

  Future<Listing<Notification>> forUser(long userId, Page page) {
    return Database.listing(pool.preparedQuery(BY_USER).execute(Tuple.of(userId, page.perPage(), page.offset())),
      pool.preparedQuery(COUNT_USER).execute(Tuple.of(userId)), Notification::from);
  }

  /** Newest first; each filter (status, category, the order the email is about) applies when not null. */
  Future<Listing<Notification>> list(String status, String category, Long orderId, Page page) {
    String order = orderId == null ? null : orderId.toString();
    Tuple filter = Tuple.of(status, status, category, category, order, order);
    Tuple paged = Tuple.of(status, status, category, category, order, order).addValue(page.perPage())
      .addValue(page.offset());
    return Database.listing(pool.preparedQuery(LIST).execute(paged), pool.preparedQuery(COUNT).execute(filter),
      Notification::from);
  }

  Future<JsonObject> stats() {
    Future<RowSet<Row>> byStatus = pool.query(BY_STATUS).execute();
    Future<RowSet<Row>> byCategory = pool.query(BY_CATEGORY).execute();
    return Future.all(byStatus, byCategory).map(v -> {
      JsonObject statuses = new JsonObject();
      for (String s : List.of(Notification.PENDING, Notification.SENT, Notification.FAILED, Notification.LOGGED)) {
        statuses.put(s, 0L);
      }
      JsonObject categories = new JsonObject();
      NotificationInput.CATEGORIES.forEach(c -> categories.put(c, 0L));
      long total = 0;
      for (Row r : byStatus.result()) {
        statuses.put(r.getString(0), r.getLong(1));
        total += r.getLong(1);
      }
      for (Row r : byCategory.result()) {
        categories.put(r.getString(0), r.getLong(1));
      }
      return new JsonObject().put("total", total).put("by_status", statuses).put("by_category", categories);
    });
  }

  Future<Optional<Notification>> markRead(long id) {
    return pool.preparedQuery(MARK_READ).execute(Tuple.of(id)).compose(rows -> find(id));
  }

  /**
   * A failed notification back to pending with a fresh attempt budget (its attempt history stays):
   * true when it was failed, so this call moved it.
   */
  Future<Boolean> retry(long id) {
    return pool.preparedQuery(RETRY).execute(Tuple.of(id)).map(rows -> rows.rowCount() == 1);
  }

  private static Future<Optional<Notification>> one(Future<RowSet<Row>> query) {
    return query.map(rows -> Database.first(rows, Notification::from));
  }
}
