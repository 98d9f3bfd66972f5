package shop.product;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import shop.common.db.Database;
import shop.common.http.ApiError;
import shop.common.http.Fields;
import shop.common.http.ItemLines;
import shop.common.http.Money;
import shop.common.http.Times;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reservation SQL. Stock only moves through conditional updates inside a transaction, and every
 * state change is a conditional update of the reservation row, so each happens exactly once.
 */
final class ReservationRepository {

  private static final String INSERT = "INSERT INTO reservations (order_id, status, expires_at) "
    + "VALUES (?, 'reserved', ?)";
  private static final String LOCK_PRODUCTS = "SELECT id, name, price, currency, stock FROM products WHERE id IN (";
  private static final String FIND = "SELECT order_id, status, expires_at FROM reservations WHERE order_id = ?";
  private static final String LINES = "SELECT product_id, name, unit_price, currency, quantity "
    + "FROM reservation_lines WHERE order_id = ? ORDER BY product_id";
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

  private final Vertx vertx;
  private final Pool pool;

  ReservationRepository(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  /**
   * Reserves every line or none. A repeated order id replays the reservation made first.
   * The products are locked with one {@code SELECT … FOR UPDATE} in id order (the lines are sorted),
   * then changed with one UPDATE and priced with one INSERT that reads nothing: every reservation
   * takes the same locks in the same order and shape, so two of them can wait for each other but
   * never deadlock. Nothing but the lock read touches a product row before the locks are held.
   */
  Future<Reservation> reserve(long orderId, List<ItemLines.Line> lines, long ttlSeconds) {
    // the row's every field is known here, so nothing is read back
    LocalDateTime expiresAt = Times.nowUtc().plusSeconds(ttlSeconds);
    return Database.inTransaction(vertx, pool, tx -> tx.preparedQuery(INSERT).execute(Tuple.of(orderId, expiresAt))
        .compose(v -> lockAndPrice(tx, lines))
        .compose(priced -> takeStock(tx, priced)
          .compose(v -> insertLines(tx, orderId, priced))
          .map(v -> new Reservation(orderId, Reservation.RESERVED, expiresAt, priced))))
      .recover(err -> Database.isDuplicateKey(err) ? replay(orderId, lines) : Future.failedFuture(err));
  }

  /** Locks the lines' products in id order and prices the lines; 404, 409 or 422 when they cannot all be had. */
  private static Future<List<Reservation.Line>> lockAndPrice(SqlConnection tx, List<ItemLines.Line> lines) {
    Tuple ids = Tuple.tuple();
    lines.forEach(l -> ids.addLong(l.productId()));
    return tx.preparedQuery(LOCK_PRODUCTS + placeholders(lines.size()) + ") ORDER BY id FOR UPDATE").execute(ids)
      .map(rows -> {
        Map<Long, Row> byId = new HashMap<>();
        rows.forEach(r -> byId.put(r.getLong("id"), r));
        List<Reservation.Line> priced = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        for (ItemLines.Line line : lines) {
          Row p = byId.get(line.productId());
          if (p == null) {
            throw new ApiError(404, "product_not_found", "Product " + line.productId() + " not found",
              new JsonObject().put("product_id", line.productId()));
          }
          if (p.getInteger("stock") < line.quantity()) {
            throw new ApiError(409, "insufficient_stock", "Not enough stock for product " + line.productId(),
              new JsonObject().put("product_id", line.productId()).put("available", p.getInteger("stock"))
                .put("requested", line.quantity()));
          }
          Reservation.Line l = new Reservation.Line(line.productId(), p.getString("name"), p.getBigDecimal("price"),
            p.getString("currency"), line.quantity());
          priced.add(l);
          total = total.add(l.total());
        }
        if (total.compareTo(Fields.MAX_MONEY) > 0) {
          throw new ApiError(422, "amount_too_large", "The order's total " + total.toPlainString()
            + " is more than the largest amount an order may have", new JsonObject().put("max", Money.json(Fields.MAX_MONEY)));
        }
        return priced;
      });
  }

  /** One statement for every line; the rows are locked and checked, the CHECK (stock >= 0) guards it still. */
  private static Future<Void> takeStock(SqlConnection tx, List<Reservation.Line> lines) {
    Tuple args = Tuple.tuple();
    lines.forEach(l -> args.addLong(l.productId()).addInteger(l.quantity()));
    lines.forEach(l -> args.addLong(l.productId()));
    String sql = "UPDATE products SET stock = stock - CASE id" + " WHEN ? THEN ?".repeat(lines.size())
      + " END WHERE id IN (" + placeholders(lines.size()) + ")";
    return tx.preparedQuery(sql).execute(args).mapEmpty();
  }

  private static Future<Void> insertLines(SqlConnection tx, long orderId, List<Reservation.Line> lines) {
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

  private Future<Reservation> replay(long orderId, List<ItemLines.Line> requested) {
    return load(pool, orderId).map(existing -> {
      if (Reservation.RELEASED.equals(existing.status())) {
        throw new ApiError(409, "reservation_released", "Reservation for order " + orderId + " was released",
          new JsonObject().put("order_id", orderId));
      }
      List<ItemLines.Line> held = new ArrayList<>();
      existing.lines().forEach(l -> held.add(new ItemLines.Line(l.productId(), l.quantity())));
      if (!held.equals(requested)) {
        throw new ApiError(409, "reservation_mismatch",
          "Order " + orderId + " already has a reservation with other lines");
      }
      return existing;
    });
  }

  Future<Reservation> find(long orderId) {
    return load(pool, orderId);
  }

  private Future<Reservation> load(SqlClient client, long orderId) {
    return client.preparedQuery(FIND).execute(Tuple.of(orderId)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(ApiError.notFound("No reservation for order " + orderId));
      }
      Row r = rows.iterator().next();
      return lines(client, orderId)
        .map(list -> new Reservation(orderId, r.getString("status"), r.getLocalDateTime("expires_at"), list));
    });
  }

  private static Future<List<Reservation.Line>> lines(SqlClient client, long orderId) {
    return client.preparedQuery(LINES).execute(Tuple.of(orderId)).map(lines -> {
      List<Reservation.Line> list = new ArrayList<>();
      lines.forEach(l -> list.add(new Reservation.Line(l.getLong("product_id"), l.getString("name"),
        l.getBigDecimal("unit_price"), l.getString("currency"), l.getInteger("quantity"))));
      return list;
    });
  }

  /** Marks the stock sold. Committing twice is a no-op; a released reservation cannot be committed. */
  Future<Reservation> commit(long orderId) {
    return pool.preparedQuery(COMMIT).execute(Tuple.of(orderId))
      .compose(rows -> load(pool, orderId))
      .map(r -> {
        if (Reservation.RELEASED.equals(r.status())) {
          throw new ApiError(409, "reservation_released", "Reservation for order " + orderId + " was released",
            new JsonObject().put("order_id", orderId));
        }
        return r;
      });
  }

  /**
   * Returns the stock once. Releasing an unknown order leaves a released marker, so a reservation
   * request that arrives late (after its order gave up) cannot take stock.
   */
  Future<JsonObject> release(long orderId) {
    return Database.inTransaction(vertx, pool, tx -> releaseIn(tx, orderId, RELEASE)
      .compose(released -> released
        ? Future.succeededFuture()
        : tx.preparedQuery(TOMBSTONE).execute(Tuple.of(orderId))
          .compose(ins -> ins.rowCount() == 1 ? Future.succeededFuture() : releaseIn(tx, orderId, RELEASE).mapEmpty())))
      .map(v -> new JsonObject().put("order_id", orderId).put("status", Reservation.RELEASED));
  }

  private Future<Boolean> releaseIn(SqlConnection tx, long orderId, String statement) {
    return tx.preparedQuery(statement).execute(Tuple.of(orderId)).compose(rows -> rows.rowCount() == 1
      ? tx.preparedQuery(RETURN_STOCK).execute(Tuple.of(orderId)).map(true)
      : Future.succeededFuture(false));
  }

  /** Releases expired reservations; safe when several instances sweep at once. Returns how many this call released. */
  Future<Integer> sweepExpired() {
    return pool.query(EXPIRED).execute().compose(rows -> {
      List<Long> ids = new ArrayList<>();
      rows.forEach(r -> ids.add(r.getLong(0)));
      return releaseExpired(ids, 0, 0);
    });
  }

  private Future<Integer> releaseExpired(List<Long> ids, int i, int released) {
    if (i == ids.size()) {
      return Future.succeededFuture(released);
    }
    return Database.inTransaction(vertx, pool, tx -> releaseIn(tx, ids.get(i), RELEASE_EXPIRED))
      .compose(done -> releaseExpired(ids, i + 1, released + (done ? 1 : 0)));
  }
}
