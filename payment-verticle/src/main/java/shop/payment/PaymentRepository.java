package shop.payment;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.mysqlclient.MySQLClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import shop.common.http.ApiError;
import shop.common.http.Money;
import shop.common.http.Page;
import shop.common.http.Times;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/** Payments SQL. Methods taking a {@link SqlClient} run inside the caller's transaction. */
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

  /** A payment about to be written: the gateway's outcome for one checked request. */
  record NewPayment(String paymentId, Order order, PaymentRequest request, Gateway.Outcome outcome, String email) {
  }

  record Listing(List<Payment> payments, long total) {
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
    Gateway.Outcome o = p.outcome();
    String status = o.approved() ? Payment.COMPLETED : Payment.FAILED;
    BigDecimal amount = Money.scale(p.order().total());
    LocalDateTime now = Times.nowUtc();
    Tuple args = Tuple.of(p.paymentId(), p.order().id(), p.order().userId(), amount, p.order().currency(),
        p.request().method(), status)
      .addString(o.transactionId()).addString(o.cardBrand()).addString(o.cardLastFour()).addString(o.errorCode())
      .addString(p.email()).addValue(o.approved() ? p.order().id() : null).addValue(now).addValue(now);
    return tx.preparedQuery(INSERT).execute(args)
      .map(rows -> new Payment(rows.property(MySQLClient.LAST_INSERTED_ID), p.paymentId(), p.order().id(),
        p.order().userId(), amount, p.order().currency(), p.request().method(), status, o.transactionId(),
        o.cardBrand(), o.cardLastFour(), o.errorCode(), p.email(), now, now));
  }

  Future<Boolean> orderPaid(long orderId) {
    return pool.preparedQuery(COMPLETED_FOR_ORDER).execute(Tuple.of(orderId)).map(rows -> rows.size() > 0);
  }

  /** By its {@code PAY_…} id or, for old clients, its numeric id; 404 when unknown. */
  Future<Payment> find(String ref) {
    return one(pool, ref, false);
  }

  /** As {@link #find} with the row locked for the rest of {@code tx}. */
  Future<Payment> lock(SqlClient tx, String paymentId) {
    return one(tx, paymentId, true);
  }

  private static Future<Payment> one(SqlClient client, String ref, boolean lock) {
    boolean numeric = ref.matches("[0-9]{1,18}");
    String sql = numeric ? BY_ID + (lock ? " FOR UPDATE" : "") : (lock ? LOCK_BY_PAYMENT_ID : BY_PAYMENT_ID);
    return client.preparedQuery(sql).execute(Tuple.of(numeric ? (Object) Long.parseLong(ref) : ref)).map(rows -> {
      if (rows.size() == 0) {
        throw ApiError.notFound("Payment " + ref + " not found");
      }
      return Payment.from(rows.iterator().next());
    });
  }

  /** The payment that paid {@code orderId} (completed, or refunded since), locked; null when none did. */
  Future<Payment> lockPaidFor(SqlClient tx, long orderId) {
    return tx.preparedQuery(LOCK_PAID_FOR_ORDER).execute(Tuple.of(orderId))
      .map(rows -> rows.size() == 0 ? null : Payment.from(rows.iterator().next()));
  }

  /** Marks a completed payment refunded; false when it was not completed (any more). */
  Future<Boolean> markRefunded(SqlClient tx, long id) {
    return tx.preparedQuery(REFUND).execute(Tuple.of(id)).map(rows -> rows.rowCount() == 1);
  }

  Future<List<Payment>> byOrder(long orderId) {
    return pool.preparedQuery(BY_ORDER).execute(Tuple.of(orderId)).map(PaymentRepository::list);
  }

  Future<Listing> byUser(long userId, Page page) {
    Future<RowSet<Row>> rows = pool.preparedQuery(BY_USER).execute(Tuple.of(userId, page.perPage(), page.offset()));
    Future<RowSet<Row>> count = pool.preparedQuery(COUNT_BY_USER).execute(Tuple.of(userId));
    return listing(rows, count);
  }

  Future<Listing> all(String status, Page page) {
    Future<RowSet<Row>> rows = pool.preparedQuery(ALL).execute(Tuple.of(status, status, page.perPage(), page.offset()));
    Future<RowSet<Row>> count = pool.preparedQuery(COUNT_ALL).execute(Tuple.of(status, status));
    return listing(rows, count);
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

  private static Future<Listing> listing(Future<RowSet<Row>> rows, Future<RowSet<Row>> count) {
    return Future.all(rows, count)
      .map(v -> new Listing(list(rows.result()), count.result().iterator().next().getLong(0)));
  }

  private static List<Payment> list(RowSet<Row> rows) {
    List<Payment> out = new ArrayList<>();
    rows.forEach(r -> out.add(Payment.from(r)));
    return out;
  }
}
