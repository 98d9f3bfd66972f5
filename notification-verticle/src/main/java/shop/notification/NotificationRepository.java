package shop.notification;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The SQL behind the API, rows or empty: store (deduplicated on event_id, a group of posts at once), read, list,
 * count, mark read, retry.
 */
final class NotificationRepository {

  private static final String INSERT = "INSERT INTO notifications (event_id, user_id, category, title, message, data, "
    + "recipient, status, attempts, next_attempt_at, created_at, updated_at, claimed_by, claim_until, traceparent) "
    + "VALUES ";
  private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?, "
    + "UTC_TIMESTAMP(3) + INTERVAL ? MICROSECOND, ?)";
  /** A repeated event_id keeps the first row, untouched: the group then reads every row back by event_id. */
  private static final String KEEP_FIRST = " ON DUPLICATE KEY UPDATE id = id";
  private static final String FIND_EVENTS = "SELECT " + Notification.COLUMNS + ", claimed_by FROM notifications "
    + "WHERE event_id IN ";
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

  private final Vertx vertx;
  private final Pool pool;

  NotificationRepository(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  /** The stored notification and whether this call stored it (false: the event_id was already there). */
  record Stored(Notification notification, boolean created) {
  }

  /** A post to store: what it says, its title, and the time and trace it came with. */
  record Incoming(NotificationInput in, String title, LocalDateTime at, String traceparent) {

    static Incoming of(NotificationInput in, String title) {
      return new Incoming(in, title, Times.nowUtc(),
        Spans.enqueued("email enqueue", Map.of("messaging.message.id", in.eventId())));
    }

    Notification written(long id) {
      return new Notification(id, in.eventId(), in.userId(), in.category(), title, in.message(), in.data(), in.email(),
        Notification.PENDING, 0, null, null, at, null, traceparent);
    }
  }

  /**
   * Stores a group of posts, each new row already held by {@code claim}, so its first delivery
   * attempt needs no claim of its own (should this process die first, the claim runs out and the
   * poll takes it); answers one {@link Stored} per post, in order. The unique event_id decides
   * between copies, in the group or from elsewhere: the first stores, the others are answered its row.
   * A single post is one INSERT, answered as written (times from this clock at the column's
   * precision), a repeat then read back; a group is one multi-row INSERT that keeps existing rows and
   * one SELECT of the group's rows by event_id ({@link #insertGroup}).
   */
  Future<List<Stored>> insert(List<Incoming> group, Dispatcher.Claim claim) {
    if (group.size() > 1) {
      return insertGroup(group, claim);
    }
    Incoming one = group.get(0);
    return pool.preparedQuery(INSERT + ROW).execute(args(Tuple.tuple(), one, claim))
      .map(rows -> List.of(new Stored(one.written(rows.property(MySQLClient.LAST_INSERTED_ID)), true)))
      .recover(err -> Database.isDuplicateKey(err)
        ? one(pool.preparedQuery(FIND_EVENT).execute(Tuple.of(one.in().eventId())))
          .map(first -> List.of(new Stored(first.orElseThrow(), false)))
        : Future.failedFuture(err));
  }

  /**
   * The rows go in event_id order, so concurrent groups lock the unique key in one order and do not
   * deadlock each other. A row this group created is the one still held by its claim (nobody else
   * can hold a claim token, and the row is not attempted before the answer); of several posts with
   * its event_id in the group, the first is the one that created it.
   */
  private Future<List<Stored>> insertGroup(List<Incoming> group, Dispatcher.Claim claim) {
    Map<String, Incoming> firsts = new TreeMap<>();
    group.forEach(i -> firsts.putIfAbsent(i.in().eventId(), i));
    Tuple args = Tuple.tuple();
    firsts.values().forEach(i -> args(args, i, claim));
    String rows = String.join(", ", Collections.nCopies(firsts.size(), ROW));
    Tuple events = Tuple.tuple();
    firsts.keySet().forEach(events::addString);
    String find = FIND_EVENTS + "(" + String.join(", ", Collections.nCopies(firsts.size(), "?")) + ")";
    return Database.retrying(vertx, () -> pool.preparedQuery(INSERT + rows + KEEP_FIRST).execute(args))
      .compose(v -> pool.preparedQuery(find).execute(events))
      .compose(found -> {
        Map<String, Row> byEvent = new HashMap<>();
        found.forEach(r -> byEvent.put(r.getString("event_id"), r));
        List<Future<Stored>> out = new ArrayList<>();
        for (Incoming i : group) {
          Row r = byEvent.get(i.in().eventId());
          // not under its own spelling: the column's collation took it for another event_id ('A' = 'a')
          out.add(r == null ? one(pool.preparedQuery(FIND_EVENT).execute(Tuple.of(i.in().eventId())))
            .map(first -> new Stored(first.orElseThrow(), false))
            : Future.succeededFuture(new Stored(Notification.from(r),
              firsts.get(i.in().eventId()) == i && claim.token().equals(r.getString("claimed_by")))));
        }
        return Future.all(out).map(v -> out.stream().map(Future::result).toList());
      });
  }

  private static Tuple args(Tuple args, Incoming i, Dispatcher.Claim claim) {
    NotificationInput in = i.in();
    return args.addString(in.eventId()).addLong(in.userId()).addString(in.category()).addString(i.title())
      .addString(in.message()).addString(in.data().encode()).addString(in.email())
      .addValue(i.at()).addValue(i.at()).addValue(i.at()).addString(claim.token()).addLong(claim.ms() * 1000)
      .addString(i.traceparent());
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
