package shop.order;

import io.vertx.core.Future;
import io.vertx.mysqlclient.MySQLClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import shop.common.db.Database;
import shop.common.value.Listing;
import shop.common.value.Page;
import shop.common.value.Times;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Order SQL: rows or empty. Every state change is a conditional UPDATE on the current status, so
 * of two racing changes exactly one happens (it answers whether it did); reads only ever return
 * rows in a client-visible state.
 */
final class OrderRepository {

  private static final String VALUES = " INTO orders (" + Order.COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String INSERT = "INSERT" + VALUES;
  /** The id's given-up marker; ignored (0 rows) when the order itself was stored under the id. */
  private static final String TOMBSTONE = "INSERT IGNORE" + VALUES;
  private static final String GIVE_UP = "UPDATE orders SET status = 'failed', updated_at = UTC_TIMESTAMP(3) "
    + "WHERE id = ? AND status = 'reserving'";
  private static final String CONFIRM = "UPDATE orders SET status = 'confirmed', updated_at = ? "
    + "WHERE id = ? AND status = 'pending' AND expires_at >= ?";
  private static final String CANCEL_EXPIRED = "UPDATE orders SET status = 'cancelled', updated_at = ? "
    + "WHERE id = ? AND status = 'pending' AND expires_at < UTC_TIMESTAMP(3)";
  /** The order and its items in one statement: a row per item, or one with NULL item columns. */
  private static final String FIND = "SELECT o." + Order.COLUMNS.replace(", ", ", o.")
    + ", i.id AS item_id, i.product_id, i.product_name, i.quantity, i.unit_price, i.total_price "
    + "FROM orders o LEFT JOIN order_items i ON i.order_id = o.id WHERE o.id = ? AND o." + OrderStatus.VISIBLE_SQL
    + " ORDER BY i.id";
  private static final String BY_USER = "SELECT " + Order.COLUMNS + " FROM orders WHERE user_id = ? AND "
    + OrderStatus.VISIBLE_SQL + " ORDER BY id DESC LIMIT ? OFFSET ?";
  private static final String COUNT_BY_USER = "SELECT COUNT(*) FROM orders WHERE user_id = ? AND "
    + OrderStatus.VISIBLE_SQL;
  private static final String ALL = "SELECT " + Order.COLUMNS + " FROM orders WHERE " + OrderStatus.VISIBLE_SQL
    + " ORDER BY id DESC LIMIT ? OFFSET ?";
  private static final String COUNT_ALL = "SELECT COUNT(*) FROM orders WHERE " + OrderStatus.VISIBLE_SQL;
  private static final String WITH_STATUS = "SELECT " + Order.COLUMNS + " FROM orders WHERE status = ? "
    + "ORDER BY id DESC LIMIT ? OFFSET ?";
  private static final String COUNT_WITH_STATUS = "SELECT COUNT(*) FROM orders WHERE status = ?";
  private static final String EXPIRED = "SELECT id FROM orders WHERE status = 'pending' "
    + "AND expires_at < UTC_TIMESTAMP(3) ORDER BY expires_at LIMIT ?";
  private static final String STUCK = "SELECT id FROM orders WHERE status = 'reserving' "
    + "AND created_at < UTC_TIMESTAMP(3) - INTERVAL ? SECOND ORDER BY created_at LIMIT ?";

  private final Pool pool;

  OrderRepository(Pool pool) {
    this.pool = pool;
  }

  /**
   * Stores the pending order with its priced lines, its one write: answers it with its items.
   * Its id was allocated and its stock reserved under that id before ({@link Checkout}).
   */
  Future<Order> insert(SqlClient tx, Order pending, List<PricedLine> lines) {
    return tx.preparedQuery(INSERT).execute(row(pending)).compose(rows -> insertItems(tx, pending, lines));
  }

  /**
   * Marks the id given up: a hidden 'failed' row, unless the order was stored under it. The
   * primary key admits one of the two, so false means the order exists (its commit won).
   */
  Future<Boolean> tombstone(SqlClient tx, Order draft) {
    return tx.preparedQuery(TOMBSTONE).execute(row(draft.movedTo(OrderStatus.FAILED, Times.nowUtc())))
      .map(rows -> rows.rowCount() == 1);
  }

  private static Tuple row(Order o) {
    return Tuple.of(o.id(), o.userId(), o.status(), o.totalAmount(), o.currency(), o.shippingAddress(),
      o.userEmail(), o.expiresAt(), o.createdAt(), o.updatedAt());
  }

  /** One multi-row INSERT (executeBatch is not a real batch on MySQL); answers the order with its items. */
  private Future<Order> insertItems(SqlClient tx, Order order, List<PricedLine> lines) {
    StringBuilder sql = new StringBuilder("INSERT INTO order_items "
      + "(order_id, product_id, product_name, quantity, unit_price, total_price) VALUES ");
    Tuple args = Tuple.tuple();
    for (int i = 0; i < lines.size(); i++) {
      PricedLine l = lines.get(i);
      sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?)");
      args.addLong(order.id()).addLong(l.productId()).addString(l.name()).addInteger(l.quantity())
        .addValue(l.unitPrice()).addValue(l.total());
    }
    return tx.preparedQuery(sql.toString()).execute(args).compose(rows -> {
      if (lines.size() == 1) {
        PricedLine l = lines.get(0);
        return Future.succeededFuture(order.withItems(List.of(new OrderItem(rows.property(MySQLClient.LAST_INSERTED_ID),
          order.id(), l.productId(), l.name(), l.quantity(), l.unitPrice(), l.total()))));
      }
      // the ids of several rows need not be consecutive (interleaved auto-increment), so read them
      return withItems(tx, List.of(order)).map(list -> list.get(0));
    });
  }

  /**
   * 'reserving' → 'failed', for rows older versions left behind; false when someone else (their
   * checkout or another sweeper) settled the row first.
   */
  Future<Boolean> giveUp(SqlClient client, long orderId) {
    return client.preparedQuery(GIVE_UP).execute(Tuple.of(orderId)).map(rows -> rows.rowCount() == 1);
  }

  /**
   * Moves the order to {@code target} if it is in one of {@code from}, stamping {@code at}
   * (see {@link Times#nowUtc()}); false when it was not.
   */
  Future<Boolean> transition(SqlClient client, long orderId, Set<String> from, String target, LocalDateTime at) {
    String in = from.stream().map(s -> "?").collect(Collectors.joining(", "));
    Tuple args = Tuple.of(target, at, orderId);
    from.stream().sorted().forEach(args::addString);
    return client.preparedQuery("UPDATE orders SET status = ?, updated_at = ? WHERE id = ? "
        + "AND status IN (" + in + ")")
      .execute(args).map(rows -> rows.rowCount() == 1);
  }

  /** pending → confirmed unless the order's deadline has passed at {@code at}; false when it did not move. */
  Future<Boolean> confirm(SqlClient client, long orderId, LocalDateTime at) {
    return client.preparedQuery(CONFIRM).execute(Tuple.of(at, orderId, at)).map(rows -> rows.rowCount() == 1);
  }

  /** Cancels a pending order whose deadline has passed; false when it was paid or cancelled meanwhile. */
  Future<Boolean> cancelExpired(SqlClient tx, long orderId, LocalDateTime at) {
    return tx.preparedQuery(CANCEL_EXPIRED).execute(Tuple.of(at, orderId)).map(rows -> rows.rowCount() == 1);
  }

  /** The visible order with its items, or empty. */
  Future<Optional<Order>> find(long orderId) {
    return pool.preparedQuery(FIND).execute(Tuple.of(orderId)).map(rows -> {
      Order order = null;
      List<OrderItem> items = new ArrayList<>();
      for (Row r : rows) {
        order = order == null ? Order.from(r) : order;
        if (r.getLong("item_id") != null) {
          items.add(new OrderItem(r.getLong("item_id"), orderId, r.getLong("product_id"), r.getString("product_name"),
            r.getInteger("quantity"), r.getBigDecimal("unit_price"), r.getBigDecimal("total_price")));
        }
      }
      return Optional.ofNullable(order).map(o -> o.withItems(items));
    });
  }

  Future<Listing<Order>> byUser(long userId, Page page) {
    return listing(pool.preparedQuery(BY_USER).execute(Tuple.of(userId, page.perPage(), page.offset())),
      pool.preparedQuery(COUNT_BY_USER).execute(Tuple.of(userId)));
  }

  /** Every visible order, or those in {@code status} (already checked to be a visible one). */
  Future<Listing<Order>> all(String status, Page page) {
    if (status == null) {
      return listing(pool.preparedQuery(ALL).execute(Tuple.of(page.perPage(), page.offset())),
        pool.preparedQuery(COUNT_ALL).execute());
    }
    return listing(pool.preparedQuery(WITH_STATUS).execute(Tuple.of(status, page.perPage(), page.offset())),
      pool.preparedQuery(COUNT_WITH_STATUS).execute(Tuple.of(status)));
  }

  private Future<Listing<Order>> listing(Future<RowSet<Row>> rows, Future<RowSet<Row>> count) {
    return Database.listing(rows, count, Order::from)
      .compose(page -> withItems(pool, page.items()).map(list -> new Listing<>(list, page.total())));
  }

  Future<List<Long>> expiredIds(int limit) {
    return ids(pool.preparedQuery(EXPIRED).execute(Tuple.of(limit)));
  }

  Future<List<Long>> stuckReservingIds(long olderThanSeconds, int limit) {
    return ids(pool.preparedQuery(STUCK).execute(Tuple.of(olderThanSeconds, limit)));
  }

  private static Future<List<Long>> ids(Future<RowSet<Row>> rows) {
    return rows.map(rs -> {
      List<Long> out = new ArrayList<>();
      rs.forEach(r -> out.add(r.getLong(0)));
      return out;
    });
  }

  /** The items of every order in one query. */
  private static Future<List<Order>> withItems(SqlClient client, List<Order> orders) {
    if (orders.isEmpty()) {
      return Future.succeededFuture(orders);
    }
    String in = orders.stream().map(o -> "?").collect(Collectors.joining(", "));
    Tuple args = Tuple.tuple();
    orders.forEach(o -> args.addLong(o.id()));
    return client.preparedQuery("SELECT " + OrderItem.COLUMNS + " FROM order_items WHERE order_id IN (" + in
        + ") ORDER BY order_id, id")
      .execute(args).map(rows -> {
        Map<Long, List<OrderItem>> byOrder = new LinkedHashMap<>();
        rows.forEach(r -> byOrder.computeIfAbsent(r.getLong("order_id"), k -> new ArrayList<>()).add(OrderItem.from(r)));
        List<Order> out = new ArrayList<>();
        orders.forEach(o -> out.add(o.withItems(byOrder.getOrDefault(o.id(), Collections.emptyList()))));
        return out;
      });
  }
}
