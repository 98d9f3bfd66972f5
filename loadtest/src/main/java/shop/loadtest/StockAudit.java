package shop.loadtest;

import io.vertx.core.json.JsonObject;
import shop.common.db.DbConfig;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * After the run, once the outboxes are drained: no product's stock is negative, every product's
 * stock plus what live reservations hold equals what it was seeded with, the reservations agree
 * with the order service's live orders line by line, and every completed payment confirmed its
 * order and committed its reservation.
 */
final class StockAudit {

  private static final String HELD = "SELECT p.id, p.stock, COALESCE(h.held, 0) FROM products p LEFT JOIN ("
    + "SELECT l.product_id, SUM(l.quantity) held FROM reservation_lines l JOIN reservations r ON r.order_id = l.order_id "
    + "WHERE r.status IN ('reserved', 'committed') GROUP BY l.product_id) h ON h.product_id = p.id "
    + "WHERE p.id BETWEEN ? AND ?";
  private static final String ORDERED = "SELECT i.product_id, SUM(i.quantity) FROM order_items i "
    + "JOIN orders o ON o.id = i.order_id WHERE o.status IN ('pending', 'confirmed', 'shipped', 'delivered') "
    + "GROUP BY i.product_id";

  private static final String OUTBOX_ROWS = "SELECT (SELECT COUNT(*) FROM order_db.outbox WHERE status = 'pending') "
    + "+ (SELECT COUNT(*) FROM payment_db.outbox WHERE status = 'pending') "
    + "+ (SELECT COUNT(*) FROM user_db.outbox WHERE status = 'pending')";
  private static final String BACKLOG = OUTBOX_ROWS
    + " + (SELECT COUNT(*) FROM notification_db.notifications WHERE status = 'pending')";

  private final DbConfig db;

  StockAudit(DbConfig db) {
    this.db = db;
  }

  /** Outbox rows not yet delivered, in every service's outbox. */
  long outboxRows() throws SQLException {
    return count(OUTBOX_ROWS);
  }

  /** Outbox rows plus notifications not yet sent: the work the relays and dispatchers still owe. */
  long backlog() throws SQLException {
    return count(BACKLOG);
  }

  /** Waits up to {@code seconds} for every outbox to be delivered; returns the rows still pending. */
  long awaitOutboxes(int seconds) throws SQLException, InterruptedException {
    return awaitNone(this::outboxRows, seconds);
  }

  /** Waits up to {@code seconds} for the whole {@link #backlog()} to be delivered; returns what is left. */
  long awaitBacklog(int seconds) throws SQLException, InterruptedException {
    return awaitNone(this::backlog, seconds);
  }

  private interface Count {
    long get() throws SQLException;
  }

  private static long awaitNone(Count count, int seconds) throws SQLException, InterruptedException {
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    long left;
    while ((left = count.get()) > 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(250);
    }
    return left;
  }

  JsonObject check(Seeder.Catalog catalog, int seededStock) throws SQLException {
    Map<Long, Long> held = new HashMap<>();
    long negative = 0;
    long unbalanced = 0;
    long totalHeld = 0;
    try (Connection c = connect("product_db");
         var ps = c.prepareStatement(HELD)) {
      ps.setLong(1, catalog.firstId());
      ps.setLong(2, catalog.firstId() + catalog.count() - 1);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long stock = rs.getLong(2);
          long h = rs.getLong(3);
          held.put(rs.getLong(1), h);
          totalHeld += h;
          negative += stock < 0 ? 1 : 0;
          unbalanced += stock + h != seededStock ? 1 : 0;
        }
      }
    }
    Map<Long, Long> ordered = new HashMap<>();
    try (Connection c = connect("order_db"); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery(ORDERED)) {
      while (rs.next()) {
        ordered.put(rs.getLong(1), rs.getLong(2));
      }
    }
    long disagreeing = 0;
    for (Map.Entry<Long, Long> e : held.entrySet()) {
      disagreeing += e.getValue().equals(ordered.getOrDefault(e.getKey(), 0L)) ? 0 : 1;
    }
    long completed = count("SELECT COUNT(*) FROM payment_db.payments WHERE payment_status = 'completed'");
    long confirmed = count("SELECT COUNT(*) FROM order_db.orders WHERE status = 'confirmed'");
    long committed = count("SELECT COUNT(*) FROM product_db.reservations WHERE status = 'committed'");
    long stuck = count("SELECT COUNT(*) FROM order_db.orders WHERE status IN ('reserving', 'failed')");
    boolean ok = negative == 0 && unbalanced == 0 && disagreeing == 0 && completed == confirmed
      && confirmed == committed;
    return new JsonObject()
      .put("ok", ok)
      .put("products_with_negative_stock", negative)
      .put("products_where_stock_plus_held_differs_from_seed", unbalanced)
      .put("products_where_reservations_differ_from_live_orders", disagreeing)
      .put("units_held_by_live_reservations", totalHeld)
      .put("payments_completed", completed)
      .put("orders_confirmed", confirmed)
      .put("reservations_committed", committed)
      .put("orders_reserving_or_failed", stuck);
  }

  private long count(String sql) throws SQLException {
    try (Connection c = connect("mysql"); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private Connection connect(String schema) throws SQLException {
    return connect(db, schema);
  }

  /** A JDBC connection to the benchmark's database server ({@code schema} may be empty). */
  static Connection connect(DbConfig db, String schema) throws SQLException {
    return DriverManager.getConnection("jdbc:mariadb://" + db.host() + ":" + db.port() + "/" + schema,
      db.user(), db.password());
  }
}
