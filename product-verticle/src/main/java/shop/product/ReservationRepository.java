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
import shop.common.http.ItemLines;
import shop.common.http.Times;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reservation SQL. Stock only moves through conditional updates inside a transaction, and every
 * state change is a conditional update of the reservation row, so each happens exactly once.
 */
final class ReservationRepository {

  private static final String INSERT = "INSERT INTO reservations (order_id, status, expires_at) "
    + "VALUES (?, 'reserved', ?)";
  private static final String TAKE_STOCK = "UPDATE products SET stock = stock - ? WHERE id = ? AND stock >= ?";
  private static final String STOCK_OF = "SELECT stock FROM products WHERE id = ?";
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

  /** Reserves every line or none. A repeated order id replays the reservation made first. */
  Future<Reservation> reserve(long orderId, List<ItemLines.Line> lines, long ttlSeconds) {
    // the row's every field is known here, so only the priced lines are read back
    LocalDateTime expiresAt = Times.nowUtc().plusSeconds(ttlSeconds);
    return Database.inTransaction(vertx, pool, tx -> tx.preparedQuery(INSERT).execute(Tuple.of(orderId, expiresAt))
        .compose(v -> takeAll(tx, lines, 0))
        .compose(v -> insertLines(tx, orderId, lines))
        .compose(v -> lines(tx, orderId))
        .map(priced -> new Reservation(orderId, Reservation.RESERVED, expiresAt, priced)))
      .recover(err -> Database.isDuplicateKey(err) ? replay(orderId, lines) : Future.failedFuture(err));
  }

  private Future<Void> takeAll(SqlConnection tx, List<ItemLines.Line> lines, int i) {
    if (i == lines.size()) {
      return Future.succeededFuture();
    }
    ItemLines.Line line = lines.get(i);
    return tx.preparedQuery(TAKE_STOCK).execute(Tuple.of(line.quantity(), line.productId(), line.quantity()))
      .compose(rows -> rows.rowCount() == 1
        ? takeAll(tx, lines, i + 1)
        : tx.preparedQuery(STOCK_OF).execute(Tuple.of(line.productId())).compose(stock -> Future.failedFuture(
          stock.size() == 0
            ? new ApiError(404, "product_not_found", "Product " + line.productId() + " not found",
              new JsonObject().put("product_id", line.productId()))
            : new ApiError(409, "insufficient_stock", "Not enough stock for product " + line.productId(),
              new JsonObject().put("product_id", line.productId())
                .put("available", stock.iterator().next().getInteger(0))
                .put("requested", line.quantity())))));
  }

  private Future<Void> insertLines(SqlConnection tx, long orderId, List<ItemLines.Line> lines) {
    String ids = lines.stream().map(l -> "?").collect(Collectors.joining(", "));
    Tuple args = Tuple.tuple().addLong(orderId);
    StringBuilder qty = new StringBuilder("CASE id");
    for (ItemLines.Line l : lines) {
      qty.append(" WHEN ? THEN ?");
    }
    qty.append(" END");
    for (ItemLines.Line l : lines) {
      args.addLong(l.productId()).addInteger(l.quantity());
    }
    lines.forEach(l -> args.addLong(l.productId()));
    String sql = "INSERT INTO reservation_lines (order_id, product_id, name, unit_price, currency, quantity) "
      + "SELECT ?, id, name, price, currency, " + qty + " FROM products WHERE id IN (" + ids + ")";
    return tx.preparedQuery(sql).execute(args).mapEmpty();
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
