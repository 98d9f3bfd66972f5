package shop.payment;

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
import shop.common.http.Http;
import shop.common.http.Ops;
import shop.common.http.Page;
import shop.common.http.RequestId;
import shop.common.idempotency.Idempotency;

import java.util.List;
import java.util.Set;

/** docs/api/payment.md. */
final class PaymentRoutes {

  private static final String SCOPE = "payments";
  private static final Set<String> STATUSES = Set.of(Payment.COMPLETED, Payment.FAILED, Payment.REFUNDED);

  private final Vertx vertx;
  private final Pool pool;
  private final Auth auth;
  private final PaymentRepository payments;
  private final Checkout checkout;
  private final Refunds refunds;
  private final OrderClient orders;
  private final Idempotency idempotency;
  private final CardFingerprint fingerprint;

  PaymentRoutes(Vertx vertx, Pool pool, Auth auth, PaymentRepository payments, Checkout checkout, Refunds refunds,
                OrderClient orders, CardFingerprint fingerprint) {
    this.vertx = vertx;
    this.pool = pool;
    this.auth = auth;
    this.payments = payments;
    this.checkout = checkout;
    this.refunds = refunds;
    this.orders = orders;
    this.idempotency = new Idempotency(pool);
    this.fingerprint = fingerprint;
  }

  Router router() {
    Router router = Http.router(vertx);
    Ops.mount(router, vertx, pool, "openapi/payment.json");
    Revocations.mount(router, auth, pool);
    router.post("/payments").handler(auth.authenticate()).handler(this::pay);
    router.get("/payments").handler(auth.authenticate()).handler(Auth.requireAny(Principal.ADMIN))
      .handler(this::listAll);
    router.get("/payments/stats").handler(auth.authenticate()).handler(Auth.requireAny(Principal.ADMIN))
      .handler(this::stats);
    router.get("/payments/order/:order_id").handler(auth.authenticate()).handler(this::byOrder);
    router.post("/payments/order/:order_id/refund").handler(auth.authenticate())
      .handler(Auth.requireAny(Principal.SERVICE, Principal.ADMIN)).handler(this::refundOrder);
    router.get("/payments/user/:user_id").handler(auth.authenticate()).handler(this::byUser);
    router.get("/payments/:payment_id").handler(auth.authenticate()).handler(this::getPayment);
    router.post("/payments/:payment_id/refund").handler(auth.authenticate()).handler(Auth.requireAny(Principal.ADMIN))
      .handler(this::refund);
    return router;
  }

  private void pay(RoutingContext ctx) {
    Principal payer = Auth.principal(ctx);
    if (payer.userId() == null) {
      throw ApiError.forbidden("Only the order's owner can pay for it");
    }
    JsonObject body = Http.bodyObject(ctx);
    PaymentRequest req = PaymentRequest.parse(body);
    // the stored request hash must not be a plain digest of a card number: key it first
    idempotency.handle(ctx, SCOPE, payer.userId(), fingerprint.withoutCard(body),
      () -> checkout.pay(payer, req, RequestId.of(ctx)));
  }

  private void getPayment(RoutingContext ctx) {
    Principal who = Auth.principal(ctx);
    Http.reply(ctx, 200, payments.find(ctx.pathParam("payment_id")).map(p -> {
      if (!who.mayRead(p.userId())) {
        throw ApiError.notFound("Payment " + ctx.pathParam("payment_id") + " not found");
      }
      return p.toJson();
    }));
  }

  /**
   * A customer's access is decided by the order's owner as the order service knows it, never by the
   * payments found: someone else's order is 404 whether or not it has payments, like an unknown one.
   */
  private void byOrder(RoutingContext ctx) {
    Principal who = Auth.principal(ctx);
    long orderId = Http.pathId(ctx, "order_id");
    Future<Void> allowed = who.isAdmin() || who.isService()
      ? Future.succeededFuture()
      : orders.order(orderId, RequestId.of(ctx)).compose(order -> who.mayRead(order.userId())
        ? Future.<Void>succeededFuture()
        : Future.failedFuture(ApiError.notFound("Order " + orderId + " not found")));
    Http.reply(ctx, 200, allowed.compose(v -> payments.byOrder(orderId)).map(PaymentRoutes::array));
  }

  private void byUser(RoutingContext ctx) {
    Principal who = Auth.principal(ctx);
    long userId = Http.pathId(ctx, "user_id");
    if (!who.mayRead(userId)) {
      throw ApiError.notFound("User " + userId + " not found");
    }
    Page page = Page.from(ctx, 20);
    Http.reply(ctx, 200, payments.byUser(userId, page).map(listing -> {
      page.headers(ctx, listing.total());
      return array(listing.payments());
    }));
  }

  private void listAll(RoutingContext ctx) {
    Page page = Page.from(ctx, 20);
    String status = ctx.request().getParam("status");
    if (status != null && !STATUSES.contains(status)) {
      throw ApiError.badRequest("invalid_parameter", "status must be completed, failed or refunded");
    }
    Http.reply(ctx, 200, payments.all(status, page).map(listing -> {
      page.headers(ctx, listing.total());
      return new JsonObject().put("payments", array(listing.payments())).put("pagination", page.flask(listing.total()));
    }));
  }

  private void stats(RoutingContext ctx) {
    Http.reply(ctx, 200, payments.stats());
  }

  private void refund(RoutingContext ctx) {
    Http.reply(ctx, 200, refunds.refund(ctx.pathParam("payment_id")).map(p -> new JsonObject()
      .put("message", "Refund processed successfully").put("payment", p.toJson())));
  }

  private void refundOrder(RoutingContext ctx) {
    Http.reply(ctx, 200, refunds.refundCancelledOrder(Http.pathId(ctx, "order_id")).map(p -> p == null
      ? new JsonObject().put("message", "No payment to refund for this order")
      : new JsonObject().put("message", "Refund processed successfully").put("payment", p.toJson())));
  }

  private static JsonArray array(List<Payment> list) {
    JsonArray arr = new JsonArray();
    list.forEach(p -> arr.add(p.toJson()));
    return arr;
  }
}
