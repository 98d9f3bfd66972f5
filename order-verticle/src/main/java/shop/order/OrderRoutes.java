package shop.order;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import shop.common.auth.Auth;
import shop.common.auth.Principal;
import shop.common.error.Forbidden;
import shop.common.http.ApiError;
import shop.common.http.Deadline;
import shop.common.http.Fields;
import shop.common.http.Http;
import shop.common.http.Paging;
import shop.common.http.Reply;
import shop.common.http.RequestId;
import shop.common.idempotency.Idempotency;
import shop.common.value.Page;

/** docs/api/order.md. */
final class OrderRoutes {

  static final String OPENAPI = "openapi/order.json";

  private final Auth auth;
  private final Checkout checkout;
  private final OrderService orders;
  private final Idempotency idempotency;

  OrderRoutes(Auth auth, Checkout checkout, OrderService orders, Idempotency idempotency) {
    this.auth = auth;
    this.checkout = checkout;
    this.orders = orders;
    this.idempotency = idempotency;
  }

  Router mount(Router router) {
    router.post("/orders").handler(auth.authenticate()).handler(this::placeOrder);
    router.get("/orders").handler(auth.authenticate()).handler(Auth.requireAny(Principal.ADMIN))
      .respond(this::listAll);
    router.get("/orders/user/:user_id").handler(auth.authenticate()).respond(this::listForUser);
    router.get("/orders/:id").handler(auth.authenticate()).respond(this::getOrder);
    router.put("/orders/:id/status").handler(auth.authenticate())
      .handler(Auth.requireAny(Principal.ADMIN, Principal.SERVICE)).handler(this::changeStatus);
    router.delete("/orders/:id").handler(auth.authenticate()).handler(this::cancelOrder);
    return router;
  }

  private void placeOrder(RoutingContext ctx) {
    Principal who = Auth.principal(ctx);
    if (who.userId() == null) {
      throw new Forbidden("Orders are placed by a signed-in user");
    }
    JsonObject body = Http.bodyObject(ctx);
    OrderRequest request = OrderRequest.parse(body, who);
    Http.reply(ctx, idempotency.run(ctx.request().getHeader(Idempotency.HEADER), "orders", who.userId(), body,
      () -> checkout.place(who, request, RequestId.of(ctx), Deadline.of(ctx)).map(order -> Reply.of(201, order.toJson()))));
  }

  private Future<JsonObject> getOrder(RoutingContext ctx) {
    return orders.readable(Auth.principal(ctx), Http.pathId(ctx, "id")).map(Order::toJson);
  }

  private Future<JsonArray> listForUser(RoutingContext ctx) {
    long userId = Http.pathId(ctx, "user_id");
    Page page = Paging.page(ctx, 20);
    return orders.forUser(Auth.principal(ctx), userId, page)
      .map(listing -> Paging.array(ctx, page, listing, Order::toJson));
  }

  private Future<JsonObject> listAll(RoutingContext ctx) {
    Page page = Paging.page(ctx, 20);
    String status = ctx.request().getParam("status");
    if (status != null && !OrderStatus.VISIBLE.contains(status)) {
      throw ApiError.badRequest("invalid_parameter", "status must be one of " + OrderStatus.visibleList());
    }
    return orders.all(status, page).map(listing -> Paging.object(ctx, page, listing, "orders", Order::toJson));
  }

  private void changeStatus(RoutingContext ctx) {
    long id = Http.pathId(ctx, "id");
    Fields f = new Fields(Http.bodyObject(ctx));
    String target = f.string("status", true, 1, 32);
    if (target != null && !OrderStatus.VISIBLE.contains(target)) {
      f.error("status", "must be one of " + OrderStatus.visibleList());
    }
    f.check();
    Http.reply(ctx, 200, orders.changeStatus(Auth.principal(ctx), id, target, RequestId.of(ctx)).map(Order::toJson));
  }

  private void cancelOrder(RoutingContext ctx) {
    Http.reply(ctx, 200, orders.cancel(Auth.principal(ctx), Http.pathId(ctx, "id"), RequestId.of(ctx))
      .map(order -> new JsonObject().put("message", "Order cancelled successfully")));
  }
}
