package shop.product;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import shop.common.value.ItemLine;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reservation SQL: rows or empty, and statements that say whether they changed anything. Stock
 * only moves through conditional updates, and every state change is a conditional update of the
 * reservation row, so each happens exactly once ({@link Reservations} holds the rules).
 */
final class ReservationRepository {

  private static final String INSERT = "INSERT INTO reservations (order_id, status, expires_at) "
    + "VALUES (?, 'reserved', ?)";
  private static final String LOCK_PRODUCTS = "SELECT id, name, price, currency, stock FROM products WHERE id IN (";
  /** The reservation and its lines in one statement: a row per line, or one with NULL line columns. */
  private static final String FIND = "SELECT r.status, r.expires_at, l.product_id, l.name, l.unit_price, l.currency, "
    + "l.quantity FROM reservations r LEFT JOIN reservation_lines l ON l.order_id = r.order_id WHERE r.order_id = ? "
    + "ORDER BY l.product_id";
  private static final String COMMIT =
    "UPDATE reservations SET status = 'committed' WHERE order_id = ? AND status = 'reserved'";
  private static final String RELEASE = "UPDATE reservations SET status = 'released' "
    + "WHERE order_id = ? AND status IN ('reserved', 'committed')";
  private static final String RELEASE_EXPIRED = "UPDATE reservations SET status = 'released' "
    + "WHERE order_id = ? AND status = 'reserved' AND expires_at < UTC_TIMESTAMP(3)";
  private static final String TOMBSTONE = "INSERT IGNORE INTO reservations (order_id, status, expires_at) "
    + "VALUES (?, 'released', UTC_TIMESTAMP(3))";
  private static final String RETURN_STOCK = "UPDATE products p JOIN reservation_lines l ON p.id = l.product_id "
    + "SET p.stock = p.stock + l.quantity WHERE l.order_id = ?";
  private static final String EXPIRED = "SELECT order_id FROM reservations "
    + "WHERE status = 'reserved' AND expires_at < UTC_TIMESTAMP(3) ORDER BY expires_at LIMIT 100";

  /** A product row as a reservation sees it, locked. */
  record Stock(long productId, String name, BigDecimal price, String currency, int stock) {
  }

  private final Pool pool;

  ReservationRepository(Pool pool) {
    this.pool = pool;
  }

  /** The reservation row; a second one for the order fails with a duplicate key. */
  Future<Void> insert(SqlConnection tx, long orderId, LocalDateTime expiresAt) {
    return tx.preparedQuery(INSERT).execute(Tuple.of(orderId, expiresAt)).mapEmpty();
  }

  /** Locks the lines' products with one {@code SELECT … FOR UPDATE} in id order; those that exist, by id. */
  Future<Map<Long, Stock>> lockProducts(SqlConnection tx, List<ItemLine> lines) {
    Tuple ids = Tuple.tuple();
    lines.forEach(l -> ids.addLong(l.productId()));
    return tx.preparedQuery(LOCK_PRODUCTS + placeholders(lines.size()) + ") ORDER BY id FOR UPDATE").execute(ids)
      .map(rows -> {
        Map<Long, Stock> byId = new HashMap<>();
        rows.forEach(r -> byId.put(r.getLong("id"), new Stock(r.getLong("id"), r.getString("name"),
          r.getBigDecimal("price"), r.getString("currency"), r.getInteger("stock"))));
        return byId;
      });
  }

  /** One statement for every line; the rows are locked and checked, the CHECK (stock >= 0) guards it still. */
  Future<Void> takeStock(SqlConnection tx, List<Reservation.Line> lines) {
    Tuple args = Tuple.tuple();
    lines.forEach(l -> args.addLong(l.productId()).addInteger(l.quantity()));
    lines.forEach(l -> args.addLong(l.productId()));
    String sql = "UPDATE products SET stock = stock - CASE id" + " WHEN ? THEN ?".repeat(lines.size())
      + " END WHERE id IN (" + placeholders(lines.size()) + ")";
    return tx.preparedQuery(sql).execute(args).mapEmpty();
  }

  Future<Void> insertLines(SqlConnection tx, long orderId, List<Reservation.Line> lines) {
    Tuple args = Tuple.tuple();
    lines.forEach(l -> args.addLong(orderId).addLong(l.productId()).addString(l.name()).addValue(l.unitPrice())
      .addString(l.currency()).addInteger(l.quantity()));
    String sql = "INSERT INTO reservation_lines (order_id, product_id, name, unit_price, currency, quantity) VALUES "
      + String.join(", ", Collections.nCopies(lines.size(), "(?, ?, ?, ?, ?, ?)"));
    return tx.preparedQuery(sql).execute(args).mapEmpty();
  }

  private static String placeholders(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }

  Future<Optional<Reservation>> find(long orderId) {
    return pool.preparedQuery(FIND).execute(Tuple.of(orderId)).map(rows -> {
      Row first = null;
      List<Reservation.Line> lines = new ArrayList<>();
      for (Row l : rows) {
        first = first == null ? l : first;
        if (l.getLong("product_id") != null) {
          lines.add(new Reservation.Line(l.getLong("product_id"), l.getString("name"), l.getBigDecimal("unit_price"),
            l.getString("currency"), l.getInteger("quantity")));
        }
      }
      return first == null ? Optional.empty()
        : Optional.of(new Reservation(orderId, first.getString("status"), first.getLocalDateTime("expires_at"), lines));
    });
  }

  /** reserved → committed; nothing happens to a reservation in any other state. */
  Future<Void> commit(long orderId) {
    return pool.preparedQuery(COMMIT).execute(Tuple.of(orderId)).mapEmpty();
  }

  /**
   * Releases the reservation and returns its stock, once: true when this call did. {@code onlyExpired}
   * releases only a reservation still held past its deadline (the sweeper's case).
   */
  Future<Boolean> release(SqlConnection tx, long orderId, boolean onlyExpired) {
    return tx.preparedQuery(onlyExpired ? RELEASE_EXPIRED : RELEASE).execute(Tuple.of(orderId))
      .compose(rows -> rows.rowCount() == 1
        ? tx.preparedQuery(RETURN_STOCK).execute(Tuple.of(orderId)).map(true)
        : Future.succeededFuture(false));
  }

  /** A released marker for an order with no reservation yet; false when a reservation row got there first. */
  Future<Boolean> tombstone(SqlConnection tx, long orderId) {
    return tx.preparedQuery(TOMBSTONE).execute(Tuple.of(orderId)).map(rows -> rows.rowCount() == 1);
  }

  /** Up to 100 orders whose reservations are held past their deadline, oldest first. */
  Future<List<Long>> expiredOrderIds() {
    return pool.query(EXPIRED).execute().map(rows -> {
      List<Long> ids = new ArrayList<>();
      rows.forEach(r -> ids.add(r.getLong(0)));
      return ids;
    });
  }
}
