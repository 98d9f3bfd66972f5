package shop.payment;

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
import shop.common.http.Http;
import shop.common.http.Paging;
import shop.common.http.Reply;
import shop.common.http.RequestId;
import shop.common.idempotency.Idempotency;
import shop.common.value.Page;

import java.util.List;
import java.util.Set;

/** docs/api/payment.md. */
final class PaymentRoutes {

  static final String OPENAPI = "openapi/payment.json";
  private static final String SCOPE = "payments";
  private static final Set<String> STATUSES = Set.of(Payment.COMPLETED, Payment.FAILED, Payment.REFUNDED);

  private final Auth auth;
  private final Payments payments;
  private final Checkout checkout;
  private final Refunds refunds;
  private final Idempotency idempotency;
  private final CardFingerprint fingerprint;

  PaymentRoutes(Auth auth, Payments payments, Checkout checkout, Refunds refunds, Idempotency idempotency,
                CardFingerprint fingerprint) {
    this.auth = auth;
    this.payments = payments;
    this.checkout = checkout;
    this.refunds = refunds;
    this.idempotency = idempotency;
    this.fingerprint = fingerprint;
  }

  Router mount(Router router) {
    router.post("/payments").handler(auth.authenticate()).handler(this::pay);
    router.get("/payments").handler(auth.authenticate()).handler(Auth.requireAny(Principal.ADMIN))
      .respond(this::listAll);
    router.get("/payments/stats").handler(auth.authenticate()).handler(Auth.requireAny(Principal.ADMIN))
      .respond(ctx -> payments.stats());
    router.get("/payments/order/:order_id").handler(auth.authenticate()).respond(this::byOrder);
    router.post("/payments/order/:order_id/refund").handler(auth.authenticate())
      .handler(Auth.requireAny(Principal.SERVICE, Principal.ADMIN)).handler(this::refundOrder);
    router.get("/payments/user/:user_id").handler(auth.authenticate()).respond(this::byUser);
    router.get("/payments/:payment_id").handler(auth.authenticate()).respond(this::getPayment);
    router.post("/payments/:payment_id/refund").handler(auth.authenticate()).handler(Auth.requireAny(Principal.ADMIN))
      .handler(this::refund);
    return router;
  }

  /** 201 with the completed payment; a declined one is 402 with the payment (and replayed as such). */
  private void pay(RoutingContext ctx) {
    Principal payer = Auth.principal(ctx);
    if (payer.userId() == null) {
      throw new Forbidden("Only the order's owner can pay for it");
    }
    JsonObject body = Http.bodyObject(ctx);
    PaymentRequest req = PaymentRequest.parse(body);
    // the stored request hash must not be a plain digest of a card number: key it first
    Http.reply(ctx, idempotency.run(ctx.request().getHeader(Idempotency.HEADER), SCOPE, payer.userId(),
      fingerprint.withoutCard(body),
      () -> checkout.pay(payer, req, RequestId.of(ctx), Deadline.of(ctx)).map(p -> Reply.of(201, p.toJson()))));
  }

  private Future<JsonObject> getPayment(RoutingContext ctx) {
    return payments.find(Auth.principal(ctx), ctx.pathParam("payment_id")).map(Payment::toJson);
  }

  private Future<JsonArray> byOrder(RoutingContext ctx) {
    return payments.byOrder(Auth.principal(ctx), Http.pathId(ctx, "order_id"), RequestId.of(ctx))
      .map(PaymentRoutes::array);
  }

  private Future<JsonArray> byUser(RoutingContext ctx) {
    long userId = Http.pathId(ctx, "user_id");
    Page page = Paging.page(ctx, 20);
    return payments.byUser(Auth.principal(ctx), userId, page)
      .map(listing -> Paging.array(ctx, page, listing, Payment::toJson));
  }

  private Future<JsonObject> listAll(RoutingContext ctx) {
    Page page = Paging.page(ctx, 20);
    String status = ctx.request().getParam("status");
    if (status != null && !STATUSES.contains(status)) {
      throw ApiError.badRequest("invalid_parameter", "status must be completed, failed or refunded");
    }
    return payments.all(status, page).map(listing -> Paging.object(ctx, page, listing, "payments", Payment::toJson));
  }

  private void refund(RoutingContext ctx) {
    Http.reply(ctx, 200, refunds.refund(ctx.pathParam("payment_id")).map(p -> new JsonObject()
      .put("message", "Refund processed successfully").put("payment", p.toJson())));
  }

  private void refundOrder(RoutingContext ctx) {
    Http.reply(ctx, 200, refunds.refundCancelledOrder(Http.pathId(ctx, "order_id")).map(p -> p
      .map(refunded -> new JsonObject().put("message", "Refund processed successfully").put("payment", refunded.toJson()))
      .orElseGet(() -> new JsonObject().put("message", "No payment to refund for this order"))));
  }

  private static JsonArray array(List<Payment> list) {
    JsonArray arr = new JsonArray();
    list.forEach(p -> arr.add(p.toJson()));
    return arr;
  }
}
