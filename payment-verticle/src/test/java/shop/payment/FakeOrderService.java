package shop.payment;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import shop.common.auth.Auth;
import shop.common.auth.Principal;
import shop.common.http.ApiError;
import shop.common.http.Http;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The order service as docs/api/order.md describes it, in memory: {@code GET /orders/{id}} and
 * {@code PUT /orders/{id}/status} (service token), with the state rules the payment service relies on.
 */
final class FakeOrderService extends VerticleBase {

  /** One {@code PUT /orders/{id}/status} as received. */
  record StatusCall(long orderId, String status, int answered) {
  }

  private final Map<Long, JsonObject> orders = new ConcurrentHashMap<>();
  private final Set<Long> cancelAfterRead = ConcurrentHashMap.newKeySet();
  private final List<StatusCall> calls = new CopyOnWriteArrayList<>();
  private HttpServer server;

  @Override
  public Future<?> start() {
    Auth auth = Auth.create(vertx, config());
    Router router = Http.router(vertx);
    router.get("/orders/:id").handler(auth.authenticate()).handler(Auth.requireAny(Principal.SERVICE))
      .handler(this::get);
    router.put("/orders/:id/status").handler(auth.authenticate()).handler(Auth.requireAny(Principal.SERVICE))
      .handler(this::setStatus);
    return vertx.createHttpServer().requestHandler(router).listen(0).onSuccess(s -> server = s);
  }

  int port() {
    return server.actualPort();
  }

  void add(long id, long userId, String total, String status) {
    orders.put(id, new JsonObject().put("id", id).put("user_id", userId)
      .put("total_amount", new BigDecimal(total).doubleValue()).put("currency", "INR").put("status", status)
      .put("expires_at", "pending".equals(status) ? Instant.now().plusSeconds(900).toString() : null));
  }

  /** The order's payment deadline passed a moment ago; the sweeper has not cancelled it yet. */
  void pastDeadline(long id) {
    orders.get(id).put("expires_at", Instant.now().minusSeconds(1).toString());
  }

  String status(long id) {
    return orders.get(id).getString("status");
  }

  /** The order expires right after the payment service has read it as pending. */
  void cancelAfterRead(long id) {
    cancelAfterRead.add(id);
  }

  List<StatusCall> calls(long orderId) {
    return calls.stream().filter(c -> c.orderId() == orderId).toList();
  }

  private void get(RoutingContext ctx) {
    long id = Http.pathId(ctx, "id");
    JsonObject order = orders.get(id);
    if (order == null) {
      throw ApiError.notFound("Order " + id + " not found");
    }
    JsonObject copy = order.copy();
    if (cancelAfterRead.remove(id)) {
      order.put("status", "cancelled");
    }
    Http.json(ctx, 200, copy);
  }

  private void setStatus(RoutingContext ctx) {
    long id = Http.pathId(ctx, "id");
    String wanted = Http.bodyObject(ctx).getString("status");
    JsonObject order = orders.get(id);
    int status;
    if (order == null) {
      status = 404;
    } else if (wanted.equals(order.getString("status"))) {
      status = 200;
    } else if ("confirmed".equals(wanted) && !"pending".equals(order.getString("status"))) {
      status = 409;
    } else if ("refunded".equals(wanted)) {
      // the order service's rule: goods that left stay refunded, anything earlier is cancelled
      boolean shipped = Set.of("shipped", "delivered").contains(order.getString("status"));
      order.put("status", shipped ? "refunded" : "cancelled");
      status = 200;
    } else {
      order.put("status", wanted);
      status = 200;
    }
    calls.add(new StatusCall(id, wanted, status));
    if (status == 200) {
      Http.json(ctx, 200, order.copy());
    } else {
      ctx.fail(new ApiError(status, status == 404 ? "not_found" : "invalid_transition", "cannot set " + wanted));
    }
  }
}
