package shop.order;

import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Function;

/**
 * One sweep of the orders (a {@link shop.common.Sweeper} runs it every {@code ORDER_SWEEP_MS}):
 * cancels unpaid orders past {@code expires_at} and abandons checkouts stuck in 'reserving' (rows
 * that versions before the order id blocks inserted first and left behind when they crashed: this
 * version never writes one). Every instance sweeps; the conditional UPDATEs
 * make each order change once however many sweep at the same moment.
 */
final class OrderSweeper {

  private static final Logger LOG = LoggerFactory.getLogger(OrderSweeper.class);
  private static final int BATCH = 100;

  private final OrderRepository orders;
  private final OrderService service;
  private final Checkout checkout;
  private final OrderConfig cfg;

  OrderSweeper(OrderRepository orders, OrderService service, Checkout checkout, OrderConfig cfg) {
    this.orders = orders;
    this.service = service;
    this.checkout = checkout;
    this.cfg = cfg;
  }

  /** One pass; answers how many orders this instance expired. */
  Future<Integer> sweep() {
    return orders.expiredIds(BATCH)
      .compose(ids -> each(ids, id -> service.find(id).compose(service::expire)))
      .onSuccess(n -> {
        if (n > 0) {
          LOG.info("cancelled {} unpaid orders past their deadline", n);
        }
      })
      .compose(n -> orders.stuckReservingIds(cfg.stuckReservingSeconds(), BATCH)
        .compose(ids -> each(ids, checkout::abort))
        .map(n));
  }

  private static Future<Integer> each(List<Long> ids, Function<Long, Future<Boolean>> action) {
    Future<Integer> count = Future.succeededFuture(0);
    for (Long id : ids) {
      count = count.compose(n -> action.apply(id)
        .recover(err -> {
          LOG.warn("order {} sweep step failed: {}", id, err.toString());
          return Future.succeededFuture(false);
        })
        .map(done -> n + (done ? 1 : 0)));
    }
    return count;
  }
}
