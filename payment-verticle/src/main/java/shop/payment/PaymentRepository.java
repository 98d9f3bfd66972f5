package shop.payment;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.mysqlclient.MySQLClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import shop.common.db.Database;
import shop.common.value.Listing;
import shop.common.value.Money;
import shop.common.value.Page;
import shop.common.value.Times;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Payments SQL: rows or empty. Methods taking a {@link SqlClient} run inside the caller's transaction. */
final class PaymentRepository {

  private static final String SELECT = "SELECT " + Payment.COLUMNS + " FROM payments";
  private static final String INSERT = "INSERT INTO payments (payment_id, order_id, user_id, amount, currency, "
    + "payment_method, payment_status, transaction_id, card_brand, card_last_four, error_code, email, "
    + "completed_order_id, created_at, updated_at) "
    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String BY_ID = SELECT + " WHERE id = ?";
  private static final String BY_PAYMENT_ID = SELECT + " WHERE payment_id = ?";
  private static final String LOCK_BY_PAYMENT_ID = BY_PAYMENT_ID + " FOR UPDATE";
  private static final String COMPLETED_FOR_ORDER = "SELECT 1 FROM payments WHERE completed_order_id = ?";
  private static final String LOCK_PAID_FOR_ORDER = SELECT + " WHERE completed_order_id = ? FOR UPDATE";
  private static final String BY_ORDER = SELECT + " WHERE order_id = ? ORDER BY id";
  private static final String BY_USER = SELECT + " WHERE user_id = ? ORDER BY id DESC LIMIT ? OFFSET ?";
  private static final String COUNT_BY_USER = "SELECT COUNT(*) FROM payments WHERE user_id = ?";
  private static final String ALL = SELECT + " WHERE (? IS NULL OR payment_status = ?) ORDER BY id DESC LIMIT ? OFFSET ?";
  private static final String COUNT_ALL = "SELECT COUNT(*) FROM payments WHERE (? IS NULL OR payment_status = ?)";
  private static final String REFUND = "UPDATE payments SET payment_status = 'refunded', updated_at = UTC_TIMESTAMP(3) "
    + "WHERE id = ? AND payment_status = 'completed'";
  private static final String TOTALS = "SELECT COUNT(*) AS total, "
    + "COALESCE(SUM(payment_status = 'completed'), 0) AS completed, "
    + "COALESCE(SUM(payment_status = 'failed'), 0) AS failed, "
    + "COALESCE(SUM(payment_status = 'refunded'), 0) AS refunded, "
    + "COALESCE(SUM(CASE WHEN payment_status = 'completed' THEN amount END), 0) AS completed_amount FROM payments";
  private static final String BY_METHOD = "SELECT payment_method, COUNT(*) AS n FROM payments "
    + "GROUP BY payment_method ORDER BY payment_method";

  /** A payment about to be written: the gateway's charge for one order's amount. */
  record NewPayment(String paymentId, long orderId, long userId, BigDecimal amount, String currency, String method,
                    Charge charge, String email) {
  }

  private final Pool pool;

  PaymentRepository(Pool pool) {
    this.pool = pool;
  }

  /**
   * Inserts the payment and answers it as stored (built from what was written, times from this
   * clock at the column's millisecond precision); a second completed payment for one order fails
   * with a duplicate key.
   */
  Future<Payment> insert(SqlClient tx, NewPayment p) {
    Charge c = p.charge();
    String status = c.approved() ? Payment.COMPLETED : Payment.FAILED;
    BigDecimal amount = Money.scale(p.amount());
    LocalDateTime now = Times.nowUtc();
    Tuple args = Tuple.of(p.paymentId(), p.orderId(), p.userId(), amount, p.currency(), p.method(), status)
      .addString(c.transactionId()).addString(c.cardBrand()).addString(c.cardLastFour()).addString(c.errorCode())
      .addString(p.email()).addValue(c.approved() ? p.orderId() : null).addValue(now).addValue(now);
    return tx.preparedQuery(INSERT).execute(args)
      .map(rows -> new Payment(rows.property(MySQLClient.LAST_INSERTED_ID), p.paymentId(), p.orderId(),
        p.userId(), amount, p.currency(), p.method(), status, c.transactionId(),
        c.cardBrand(), c.cardLastFour(), c.errorCode(), p.email(), now, now));
  }

  Future<Boolean> orderPaid(long orderId) {
    return pool.preparedQuery(COMPLETED_FOR_ORDER).execute(Tuple.of(orderId)).map(rows -> rows.size() > 0);
  }

  /** By its {@code PAY_…} id or, for old clients, its numeric id; empty when unknown. */
  Future<Optional<Payment>> find(String ref) {
    return one(pool, ref, false);
  }

  /** As {@link #find} with the row locked for the rest of {@code tx}. */
  Future<Optional<Payment>> lock(SqlClient tx, String paymentId) {
    return one(tx, paymentId, true);
  }

  private static Future<Optional<Payment>> one(SqlClient client, String ref, boolean lock) {
    boolean numeric = ref.matches("[0-9]{1,18}");
    String sql = numeric ? BY_ID + (lock ? " FOR UPDATE" : "") : (lock ? LOCK_BY_PAYMENT_ID : BY_PAYMENT_ID);
    return client.preparedQuery(sql).execute(Tuple.of(numeric ? (Object) Long.parseLong(ref) : ref))
      .map(rows -> Database.first(rows, Payment::from));
  }

  /** The payment that paid {@code orderId} (completed, or refunded since), locked; empty when none did. */
  Future<Optional<Payment>> lockPaidFor(SqlClient tx, long orderId) {
    return tx.preparedQuery(LOCK_PAID_FOR_ORDER).execute(Tuple.of(orderId))
      .map(rows -> Database.first(rows, Payment::from));
  }

  /** Marks a completed payment refunded; false when it was not completed (any more). */
  Future<Boolean> markRefunded(SqlClient tx, long id) {
    return tx.preparedQuery(REFUND).execute(Tuple.of(id)).map(rows -> rows.rowCount() == 1);
  }

  Future<List<Payment>> byOrder(long orderId) {
    return pool.preparedQuery(BY_ORDER).execute(Tuple.of(orderId)).map(PaymentRepository::list);
  }

  Future<Listing<Payment>> byUser(long userId, Page page) {
    Future<RowSet<Row>> rows = pool.preparedQuery(BY_USER).execute(Tuple.of(userId, page.perPage(), page.offset()));
    Future<RowSet<Row>> count = pool.preparedQuery(COUNT_BY_USER).execute(Tuple.of(userId));
    return Database.listing(rows, count, Payment::from);
  }

  Future<Listing<Payment>> all(String status, Page page) {
    Future<RowSet<Row>> rows = pool.preparedQuery(ALL).execute(Tuple.of(status, status, page.perPage(), page.offset()));
    Future<RowSet<Row>> count = pool.preparedQuery(COUNT_ALL).execute(Tuple.of(status, status));
    return Database.listing(rows, count, Payment::from);
  }

  /** The admin stats of docs/api/payment.md: counts per status, the completed amount, counts per method. */
  Future<JsonObject> stats() {
    Future<RowSet<Row>> totals = pool.query(TOTALS).execute();
    Future<RowSet<Row>> methods = pool.query(BY_METHOD).execute();
    return Future.all(totals, methods).map(v -> {
      Row t = totals.result().iterator().next();
      JsonObject byMethod = new JsonObject();
      methods.result().forEach(r -> byMethod.put(r.getString("payment_method"), r.getLong("n")));
      BigDecimal amount = t.getBigDecimal("completed_amount");
      return new JsonObject()
        .put("total_payments", t.getLong("total"))
        .put("completed", t.getLong("completed"))
        .put("failed", t.getLong("failed"))
        .put("refunded", t.getLong("refunded"))
        .put("total_amount", Money.json(amount))
        .put("by_method", byMethod);
    });
  }

  private static List<Payment> list(RowSet<Row> rows) {
    List<Payment> out = new ArrayList<>();
    rows.forEach(r -> out.add(Payment.from(r)));
    return out;
  }
}
