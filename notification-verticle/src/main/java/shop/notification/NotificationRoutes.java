package shop.notification;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shop.common.auth.Auth;
import shop.common.auth.Principal;
import shop.common.error.Conflict;
import shop.common.error.NotFound;
import shop.common.http.ApiError;
import shop.common.http.Fields;
import shop.common.http.Http;
import shop.common.http.Paging;
import shop.common.http.Reply;
import shop.common.value.Page;

import java.util.Map;

/** docs/api/notification.md. */
final class NotificationRoutes {

  static final String OPENAPI = "openapi/notification.json";
  private static final Logger LOG = LoggerFactory.getLogger(NotificationRoutes.class);

  private final Auth auth;
  private final NotificationRepository notifications;
  private final NotificationIntake intake;
  private final Dispatcher dispatcher;
  private final EmailTemplates templates;
  private final Mailer mailer;

  NotificationRoutes(Auth auth, NotificationRepository notifications, NotificationIntake intake, Dispatcher dispatcher,
                     EmailTemplates templates, Mailer mailer) {
    this.auth = auth;
    this.notifications = notifications;
    this.intake = intake;
    this.dispatcher = dispatcher;
    this.templates = templates;
    this.mailer = mailer;
  }

  Router mount(Router router) {
    router.route("/notifications*").handler(auth.authenticate());
    router.route("/test-email").handler(auth.authenticate());

    router.post("/notifications").handler(Auth.requireAny(Principal.SERVICE, Principal.ADMIN)).handler(this::create);
    router.get("/notifications").handler(Auth.requireAny(Principal.ADMIN)).respond(this::list);
    router.get("/notifications/stats").handler(Auth.requireAny(Principal.ADMIN)).respond(ctx -> notifications.stats());
    router.get("/notifications/user/:user_id").respond(this::forUser);
    router.post("/notifications/retry/:id").handler(Auth.requireAny(Principal.ADMIN)).handler(this::retry);
    router.get("/notifications/:id").respond(this::getOne);
    router.put("/notifications/:id/read").handler(this::markRead);
    router.post("/test-email").handler(Auth.requireAny(Principal.ADMIN)).handler(this::testEmail);
    return router;
  }

  /** 202 for a new notification (then an immediate delivery attempt), 200 with the first one for a repeated event_id. */
  private void create(RoutingContext ctx) {
    NotificationInput in = NotificationInput.from(Http.bodyObject(ctx));
    String title = templates.title(in.category(), in.title(), in.data());
    Http.reply(ctx, intake.post(in, title)
      .map(stored -> Reply.of(stored.created() ? 202 : 200, stored.notification().toJson())));
  }

  private Future<JsonObject> list(RoutingContext ctx) {
    Page page = Paging.page(ctx, 20);
    String status = ctx.request().getParam("status");
    String category = ctx.request().getParam("category");
    String order = blankToNull(ctx.request().getParam("order_id"));
    if (order != null && !order.matches("[1-9][0-9]{0,17}")) {
      throw ApiError.badRequest("invalid_parameter", "order_id must be a positive whole number");
    }
    Long orderId = order == null ? null : Long.valueOf(order);
    return notifications.list(blankToNull(status), blankToNull(category), orderId, page)
      .map(listing -> Paging.object(ctx, page, listing, "notifications", Notification::toJson));
  }

  /** The owner's or an admin's view; anyone else gets 404, as if there were nothing. */
  private Future<JsonArray> forUser(RoutingContext ctx) {
    long userId = Http.pathId(ctx, "user_id");
    if (!Auth.principal(ctx).mayRead(userId)) {
      throw new NotFound("No notifications for user " + userId);
    }
    Page page = Paging.page(ctx, 20);
    return notifications.forUser(userId, page).map(listing -> Paging.array(ctx, page, listing, Notification::toJson));
  }

  private Future<JsonObject> getOne(RoutingContext ctx) {
    return owned(ctx, Http.pathId(ctx, "id")).map(Notification::toJson);
  }

  private void markRead(RoutingContext ctx) {
    long id = Http.pathId(ctx, "id");
    Http.reply(ctx, 200, owned(ctx, id).compose(n -> notifications.markRead(id))
      .map(found -> found.orElseThrow(() -> notFound(id)).toJson()));
  }

  /** A failed notification back to pending, tried at once; 409 unless it had failed. */
  private void retry(RoutingContext ctx) {
    long id = Http.pathId(ctx, "id");
    Http.reply(ctx, 200, notifications.retry(id).compose(retried -> notifications.find(id).map(found -> {
      Notification n = found.orElseThrow(() -> notFound(id));
      if (!retried) {
        throw new Conflict("not_failed", "Only a failed notification can be retried; this one is " + n.status(),
          new JsonObject().put("status", n.status()));
      }
      dispatcher.dispatchNow(id).onFailure(err -> LOG.warn("notification {}: retry attempt failed: {}", id,
        err.toString()));
      return new JsonObject().put("message", "Notification queued for retry").put("notification", n.toJson());
    })));
  }

  /** Sends at once, outside the queue: 200 when the SMTP server took it, 503 with success false when not. */
  private void testEmail(RoutingContext ctx) {
    Fields f = new Fields(Http.bodyObject(ctx));
    String to = NotificationInput.email(f, f.has("to") ? "to" : "email");
    String subject = NotificationInput.oneLine(f.string("subject", true, 1, 255));
    String message = f.text("message", false, 0, 10_000);
    String category = f.string("category", false, 1, 32);
    if (to == null && f.ok()) {
      f.error("to", "is required");
    }
    f.check();
    String body = message == null ? "This is a test email from the notification service." : message;
    Email.Rendered email = templates.render("general", subject, body, new JsonObject());
    Future<Mailer.Outcome> sent = mailer.deliver(to, email,
      Map.of("X-Shop-Category", category == null ? "general" : category.replaceAll("[^a-z_]", "")));
    Http.reply(ctx, sent.transform(ar -> {
      JsonObject reply = new JsonObject().put("recipient", to).put("subject", subject);
      if (ar.failed()) {
        LOG.warn("test email to {} failed: {}", to, Mailer.describe(ar.cause()));
        return Future.succeededFuture(Reply.of(503, reply.put("error", "The SMTP server did not accept the email")
          .put("code", "smtp_unavailable").put("success", false)));
      }
      boolean logged = ar.result() == Mailer.Outcome.LOGGED;
      return Future.succeededFuture(Reply.of(200, reply
        .put("message", logged ? "Test email logged (ENABLE_REAL_EMAIL_SENDING is off)" : "Test email sent successfully")
        .put("success", true).put("delivery", logged ? Notification.LOGGED : Notification.SENT)));
    }));
  }

  /** The notification when the caller owns it or is admin/service; 404 otherwise. */
  private Future<Notification> owned(RoutingContext ctx, long id) {
    Principal p = Auth.principal(ctx);
    return notifications.find(id).map(found -> found.filter(n -> p.mayRead(n.userId())).orElseThrow(() -> notFound(id)));
  }

  private static NotFound notFound(long id) {
    return new NotFound("Notification " + id + " not found");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
