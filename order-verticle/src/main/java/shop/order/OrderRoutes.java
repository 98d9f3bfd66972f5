package shop.order;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import shop.common.auth.Auth;
import shop.common.auth.Principal;
import shop.common.auth.Revocations;
import shop.common.http.ApiError;
import shop.common.http.Fields;
import shop.common.http.Http;
import shop.common.http.Ops;
import shop.common.http.Page;
import shop.common.http.RequestId;
import shop.common.idempotency.Idempotency;

/** docs/api/order.md. */
final class OrderRoutes {

  private final Vertx vertx;
  private final Pool pool;
  private final Auth auth;
  private final OrderRepository orders;
  private final OrderService service;
  private final Idempotency idempotency;

  OrderRoutes(Vertx vertx, Pool pool, Auth auth, OrderRepository orders, OrderService service) {
    this.vertx = vertx;
    this.pool = pool;
    this.auth = auth;
    this.orders = orders;
    this.service = service;
    this.idempotency = new Idempotency(pool);
  }

  Router router() {
    Router router = Http.router(vertx);
    Ops.mount(router, vertx, pool, "openapi/order.json");
    Revocations.mount(router, auth, pool);

    router.post("/orders").handler(auth.authenticate()).handler(this::placeOrder);
    router.get("/orders").handler(auth.authenticate()).handler(Auth.requireAny(Principal.ADMIN))
      .handler(this::listAll);
    router.get("/orders/user/:user_id").handler(auth.authenticate()).handler(this::listForUser);
    router.get("/orders/:id").handler(auth.authenticate()).handler(this::getOrder);
    router.put("/orders/:id/status").handler(auth.authenticate())
      .handler(Auth.requireAny(Principal.ADMIN, Principal.SERVICE)).handler(this::changeStatus);
    router.delete("/orders/:id").handler(auth.authenticate()).handler(this::cancelOrder);
    return router;
  }

  private void placeOrder(RoutingContext ctx) {
    Principal who = Auth.principal(ctx);
    if (who.userId() == null) {
      throw ApiError.forbidden("Orders are placed by a signed-in user");
    }
    JsonObject body = Http.bodyObject(ctx);
    OrderRequest request = OrderRequest.parse(body, who);
    idempotency.handle(ctx, "orders", who.userId(), body, () -> service.place(who, request, RequestId.of(ctx))
      .map(order -> new Idempotency.Stored(201, order.toJson())));
  }

  private void getOrder(RoutingContext ctx) {
    Principal who = Auth.principal(ctx);
    long id = Http.pathId(ctx, "id");
    Http.reply(ctx, 200, readable(who, id).map(Order::toJson));
  }

  /** The order if {@code who} may see it; someone else's order is as unknown as a missing one. */
  private Future<Order> readable(Principal who, long id) {
    return service.find(id).map(order -> {
      if (!who.mayRead(order.userId())) {
        throw OrderRepository.notFound(id);
      }
      return order;
    });
  }

  private void listForUser(RoutingContext ctx) {
    Principal who = Auth.principal(ctx);
    long userId = Http.pathId(ctx, "user_id");
    if (!who.isAdmin() && (who.userId() == null || who.userId() != userId)) {
      throw ApiError.forbidden("You can only list your own orders");
    }
    Page page = Page.from(ctx, 20);
    orders.byUser(userId, page).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      JsonArray body = new JsonArray();
      ar.result().orders().forEach(o -> body.add(o.toJson()));
      page.headers(ctx, ar.result().total());
      Http.json(ctx, 200, body);
    });
  }

  private void listAll(RoutingContext ctx) {
    Page page = Page.from(ctx, 20);
    String status = ctx.request().getParam("status");
    if (status != null && !OrderStatus.VISIBLE.contains(status)) {
      throw ApiError.badRequest("invalid_parameter", "status must be one of " + OrderStatus.visibleList());
    }
    Http.reply(ctx, 200, orders.all(status, page).map(listing -> {
      JsonArray arr = new JsonArray();
      listing.orders().forEach(o -> arr.add(o.toJson()));
      page.headers(ctx, listing.total());
      return new JsonObject().put("orders", arr).put("pagination", page.flask(listing.total()));
    }));
  }

  private void changeStatus(RoutingContext ctx) {
    long id = Http.pathId(ctx, "id");
    Fields f = new Fields(Http.bodyObject(ctx));
    String target = f.string("status", true, 1, 32);
    if (target != null && !OrderStatus.VISIBLE.contains(target)) {
      f.error("status", "must be one of " + OrderStatus.visibleList());
    }
    f.check();
    // only the payment service knows the money went back; an admin refunds the payment instead
    if (OrderStatus.REFUNDED.equals(target) && !Auth.principal(ctx).isService()) {
      throw ApiError.forbidden("An order becomes refunded when its payment is refunded: "
        + "POST /payments/{payment_id}/refund");
    }
    Http.reply(ctx, 200, service.find(id)
      .compose(order -> service.moveTo(order, target, RequestId.of(ctx)))
      .map(Order::toJson));
  }

  /** The owner or an admin cancels; a service or another customer is told the order does not exist. */
  private void cancelOrder(RoutingContext ctx) {
    Principal who = Auth.principal(ctx);
    long id = Http.pathId(ctx, "id");
    Http.reply(ctx, 200, service.find(id)
      .map(order -> {
        boolean owner = who.userId() != null && who.userId() == order.userId();
        if (!owner && !who.isAdmin()) {
          throw OrderRepository.notFound(id);
        }
        return order;
      })
      .compose(order -> service.moveTo(order, OrderStatus.CANCELLED, RequestId.of(ctx)))
      .map(order -> new JsonObject().put("message", "Order cancelled successfully")));
  }
}
