package shop.reliability.harness;

import shop.testing.Await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the databases say, read as MySQL root straight from the server (never through a proxy):
 * the cross-service invariants a fault must not break. Each service owns its database; only this
 * audit joins them.
 */
public final class Ledger {

  /** Order states that hold stock (a reservation 'reserved' or 'committed' must exist). */
  private static final String LIVE_ORDER = "('pending','confirmed','shipped','delivered')";
  private static final String HELD = "('reserved','committed')";

  private static final String PENDING_WITHOUT_RESERVATION = "SELECT COUNT(*) FROM order_db.orders o "
    + "LEFT JOIN product_db.reservations r ON r.order_id = o.id AND r.status IN " + HELD
    + " WHERE o.status IN " + LIVE_ORDER + " AND r.order_id IS NULL AND o.id > ?";
  private static final String STOCK_WITHOUT_ORDER = "SELECT COUNT(*) FROM product_db.reservations r "
    + "LEFT JOIN order_db.orders o ON o.id = r.order_id AND o.status IN " + LIVE_ORDER
    + " WHERE r.status IN " + HELD + " AND o.id IS NULL AND r.order_id > ?";
  private static final String PAYMENT_WITHOUT_EVENTS = "SELECT COUNT(*) FROM payment_db.payments p WHERE p.id > ? AND "
    + "((p.payment_status <> 'failed' AND (NOT EXISTS (SELECT 1 FROM payment_db.outbox x "
    + "WHERE x.event_id = CONCAT(p.payment_id, ':order_confirmed')) OR NOT EXISTS (SELECT 1 FROM payment_db.outbox x "
    + "WHERE x.event_id = CONCAT(p.payment_id, ':payment_confirmation')))) OR (p.payment_status = 'failed' "
    + "AND NOT EXISTS (SELECT 1 FROM payment_db.outbox x WHERE x.event_id = CONCAT(p.payment_id, ':payment_failed'))))";
  private static final String CONFIRMED_UNPAID = "SELECT COUNT(*) FROM order_db.orders o WHERE o.status IN "
    + "('confirmed','shipped','delivered') AND o.id > ? AND NOT EXISTS (SELECT 1 FROM payment_db.payments p "
    + "WHERE p.order_id = o.id AND p.payment_status = 'completed')";
  private static final String CANCELLED_BUT_CHARGED = "SELECT COUNT(*) FROM order_db.orders o WHERE o.status = 'cancelled' "
    + "AND o.id > ? AND EXISTS (SELECT 1 FROM payment_db.payments p WHERE p.order_id = o.id AND p.payment_status = 'completed')";
  private static final String UNSETTLED = "SELECT (SELECT COUNT(*) FROM order_db.orders WHERE status = 'reserving') "
    + "+ (SELECT COUNT(*) FROM order_db.outbox WHERE status = 'pending') "
    + "+ (SELECT COUNT(*) FROM payment_db.outbox WHERE status = 'pending') "
    + "+ (SELECT COUNT(*) FROM user_db.outbox WHERE status = 'pending')";

  private final DatabaseServer db;

  public Ledger(DatabaseServer db) {
    this.db = db;
  }

  /** What a fault may have left half-written, once every saga in flight has settled. */
  public record HalfWritten(long unsettled, long liveOrderWithoutStock, long stockWithoutOrder,
                            long paymentWithoutEvents, long confirmedUnpaid, long cancelledButCharged) {
    public long total() {
      return unsettled + liveOrderWithoutStock + stockWithoutOrder + paymentWithoutEvents + confirmedUnpaid
        + cancelledButCharged;
    }

    @Override
    public String toString() {
      return "checkouts or outbox rows still unsettled " + unsettled
        + ", live orders without their reservation " + liveOrderWithoutStock + ", held stock without a live order "
        + stockWithoutOrder + ", payments without their outbox events " + paymentWithoutEvents
        + ", confirmed orders without a completed payment " + confirmedUnpaid
        + ", cancelled orders still charged " + cancelledButCharged;
    }
  }

  /** Where a test starts: its orders and payments are the ones with larger ids. */
  public record Mark(long order, long payment) {
  }

  public Mark mark() {
    return new Mark(count("SELECT COALESCE(MAX(id), 0) FROM order_db.orders"),
      count("SELECT COALESCE(MAX(id), 0) FROM payment_db.payments"));
  }

  /**
   * Waits (up to {@code seconds}) for the sagas to settle, then counts what is half-written since
   * {@code mark}; what never settled counts too.
   */
  public HalfWritten halfWritten(Mark mark, int seconds) {
    // a saga may also be settling where no row shows it yet (a checkout retrying its give-up behind a
    // 503): wait for everything to come right within the bound, then count
    Poll.until(java.time.Duration.ofSeconds(seconds), () -> count(UNSETTLED) == 0 && halfWrittenNow(mark).total() == 0);
    return halfWrittenNow(mark);
  }

  private HalfWritten halfWrittenNow(Mark mark) {
    return new HalfWritten(count(UNSETTLED), count(PENDING_WITHOUT_RESERVATION, mark.order()), count(STOCK_WITHOUT_ORDER, mark.order()),
      count(PAYMENT_WITHOUT_EVENTS, mark.payment()), count(CONFIRMED_UNPAID, mark.order()),
      count(CANCELLED_BUT_CHARGED, mark.order()));
  }

  /** No checkout in progress and every outbox (order, payment, user) delivered. */
  public void awaitSettled(int seconds) {
    Await.until("no checkout in progress and every outbox row delivered", seconds, () -> count(UNSETTLED) == 0);
  }

  public long count(String sql, Object... args) {
    List<List<Object>> rows = rows(sql, args);
    return rows.isEmpty() ? 0 : ((Number) rows.get(0).get(0)).longValue();
  }

  public int stock(long productId) {
    return (int) count("SELECT stock FROM product_db.products WHERE id = ?", productId);
  }

  /** Units held for live orders (reservations 'reserved' or 'committed'). */
  public int held(long productId) {
    return (int) count("SELECT COALESCE(SUM(l.quantity), 0) FROM product_db.reservation_lines l "
      + "JOIN product_db.reservations r ON r.order_id = l.order_id WHERE l.product_id = ? AND r.status IN " + HELD,
      productId);
  }

  /** Units of the product in orders that ended confirmed (or later): what was sold. */
  public int sold(long productId) {
    return (int) count("SELECT COALESCE(SUM(i.quantity), 0) FROM order_db.order_items i JOIN order_db.orders o "
      + "ON o.id = i.order_id WHERE i.product_id = ? AND o.status IN ('confirmed','shipped','delivered')", productId);
  }

  public Map<Long, String> orderStatuses(Collection<Long> orderIds) {
    Map<Long, String> out = new LinkedHashMap<>();
    if (orderIds.isEmpty()) {
      return out;
    }
    for (List<Object> row : rows("SELECT id, status FROM order_db.orders WHERE id IN (" + ids(orderIds) + ")")) {
      out.put(((Number) row.get(0)).longValue(), (String) row.get(1));
    }
    return out;
  }

  /** Completed (or refunded) payments per order: more than one is a double charge. */
  public Map<Long, Long> chargesPerOrder(Collection<Long> orderIds) {
    Map<Long, Long> out = new LinkedHashMap<>();
    orderIds.forEach(id -> out.put(id, 0L));
    if (orderIds.isEmpty()) {
      return out;
    }
    for (List<Object> row : rows("SELECT order_id, COUNT(*) FROM payment_db.payments WHERE payment_status <> 'failed' "
      + "AND order_id IN (" + ids(orderIds) + ") GROUP BY order_id")) {
      out.put(((Number) row.get(0)).longValue(), ((Number) row.get(1)).longValue());
    }
    return out;
  }

  static String ids(Collection<Long> ids) {
    return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
  }

  public List<List<Object>> rows(String sql, Object... args) {
    try (Connection c = db.connect(); PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        st.setObject(i + 1, args[i]);
      }
      List<List<Object>> out = new ArrayList<>();
      try (ResultSet rs = st.executeQuery()) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          List<Object> row = new ArrayList<>(n);
          for (int i = 1; i <= n; i++) {
            row.add(rs.getObject(i));
          }
          out.add(row);
        }
      }
      return out;
    } catch (SQLException e) {
      throw new AssertionError("audit query failed: " + e.getMessage() + " (" + sql + ")", e);
    }
  }
}
