package shop.product;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shop.common.db.Database;
import shop.common.error.Conflict;
import shop.common.error.NotFound;
import shop.common.value.ItemLine;
import shop.common.value.Money;
import shop.common.value.Times;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The reservation rules: all lines or none, a repeated order id replays the first reservation,
 * committed stock is sold, released stock returns once. Each change is one transaction.
 */
final class Reservations {

  private static final Logger LOG = LoggerFactory.getLogger(Reservations.class);

  private final Vertx vertx;
  private final Pool pool;
  private final ReservationRepository reservations;
  private final Counter expired;

  Reservations(Vertx vertx, Pool pool, ReservationRepository reservations, MeterRegistry metrics) {
    this.vertx = vertx;
    this.pool = pool;
    this.reservations = reservations;
    this.expired = Counter.builder("shop_reservations_expired_total")
      .description("reservations released by the expiry sweeper").register(metrics);
  }

  /**
   * Reserves every line or none. A repeated order id replays the reservation made first.
   * The products are locked in id order (the lines are sorted), then changed with one UPDATE and
   * priced with one INSERT that reads nothing: every reservation takes the same locks in the same
   * order and shape, so two of them can wait for each other but never deadlock. Nothing but the
   * lock read touches a product row before the locks are held.
   */
  Future<Reservation> reserve(long orderId, List<ItemLine> lines, long ttlSeconds) {
    // the row's every field is known here, so nothing is read back
    LocalDateTime expiresAt = Times.nowUtc().plusSeconds(ttlSeconds);
    return Database.inTransaction(vertx, pool, tx -> reservations.insert(tx, orderId, expiresAt)
        .compose(v -> reservations.lockProducts(tx, lines))
        .map(stock -> price(lines, stock))
        .compose(priced -> take(tx, orderId, priced)
          .map(v -> new Reservation(orderId, Reservation.RESERVED, expiresAt, priced))))
      .recover(err -> Database.isDuplicateKey(err) ? replay(orderId, lines) : Future.failedFuture(err));
  }

  /** Prices the lines from the locked rows; fails when a product is missing, short, or the total too large. */
  private static List<Reservation.Line> price(List<ItemLine> lines, Map<Long, ReservationRepository.Stock> stock) {
    List<Reservation.Line> priced = new ArrayList<>();
    BigDecimal total = BigDecimal.ZERO;
    for (ItemLine line : lines) {
      ReservationRepository.Stock p = stock.get(line.productId());
      if (p == null) {
        throw new NotFound("product_not_found", "Product " + line.productId() + " not found",
          new JsonObject().put("product_id", line.productId()));
      }
      if (p.stock() < line.quantity()) {
        throw new Conflict("insufficient_stock", "Not enough stock for product " + line.productId(),
          new JsonObject().put("product_id", line.productId()).put("available", p.stock())
            .put("requested", line.quantity()));
      }
      Reservation.Line l = new Reservation.Line(line.productId(), p.name(), p.price(), p.currency(), line.quantity());
      priced.add(l);
      total = total.add(l.total());
    }
    if (total.compareTo(Money.MAX) > 0) {
      throw Money.orderTotalTooLarge();
    }
    return priced;
  }

  private Future<Void> take(SqlConnection tx, long orderId, List<Reservation.Line> priced) {
    return reservations.takeStock(tx, priced).compose(v -> reservations.insertLines(tx, orderId, priced));
  }

  private Future<Reservation> replay(long orderId, List<ItemLine> requested) {
    return find(orderId).map(existing -> {
      notReleased(existing);
      List<ItemLine> held = new ArrayList<>();
      existing.lines().forEach(l -> held.add(new ItemLine(l.productId(), l.quantity())));
      if (!held.equals(requested)) {
        throw new Conflict("reservation_mismatch", "Order " + orderId + " already has a reservation with other lines");
      }
      return existing;
    });
  }

  Future<Reservation> find(long orderId) {
    return reservations.find(orderId)
      .map(found -> found.orElseThrow(() -> new NotFound("No reservation for order " + orderId)));
  }

  /** Marks the stock sold. Committing twice is a no-op; a released reservation cannot be committed. */
  Future<Reservation> commit(long orderId) {
    return reservations.commit(orderId).compose(v -> find(orderId)).map(Reservations::notReleased);
  }

  private static Reservation notReleased(Reservation r) {
    if (Reservation.RELEASED.equals(r.status())) {
      throw new Conflict("reservation_released", "Reservation for order " + r.orderId() + " was released",
        new JsonObject().put("order_id", r.orderId()));
    }
    return r;
  }

  /**
   * Returns the stock once. Releasing an unknown order leaves a released marker, so a reservation
   * request that arrives late (after its order gave up) cannot take stock.
   */
  Future<JsonObject> release(long orderId) {
    return Database.inTransaction(vertx, pool, tx -> reservations.release(tx, orderId, false)
      .compose(released -> released
        ? Future.succeededFuture()
        : reservations.tombstone(tx, orderId)
          .compose(marked -> marked ? Future.succeededFuture() : reservations.release(tx, orderId, false).mapEmpty())))
      .map(v -> new JsonObject().put("order_id", orderId).put("status", Reservation.RELEASED));
  }

  /** Releases expired reservations; safe when several instances sweep at once. Returns how many this call released. */
  Future<Integer> sweepExpired() {
    return reservations.expiredOrderIds().compose(ids -> releaseExpired(ids, 0, 0)).onSuccess(n -> {
      if (n > 0) {
        expired.increment(n);
        LOG.info("released {} expired reservations", n);
      }
    });
  }

  private Future<Integer> releaseExpired(List<Long> ids, int i, int released) {
    if (i == ids.size()) {
      return Future.succeededFuture(released);
    }
    return Database.inTransaction(vertx, pool, tx -> reservations.release(tx, ids.get(i), true))
      .compose(done -> releaseExpired(ids, i + 1, released + (done ? 1 : 0)));
  }
}
