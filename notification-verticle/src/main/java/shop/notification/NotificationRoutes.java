package shop.notification;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shop.common.auth.Auth;
import shop.common.auth.Principal;
import shop.common.auth.Revocations;
import shop.common.http.ApiError;
import shop.common.http.Fields;
import shop.common.http.Http;
import shop.common.http.Ops;
import shop.common.http.Page;

import java.util.Map;

/** docs/api/notification.md. */
final class NotificationRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(NotificationRoutes.class);

  private final Vertx vertx;
  private final Pool pool;
  private final Auth auth;
  private final NotificationRepository notifications;
  private final Dispatcher dispatcher;
  private final EmailTemplates templates;
  private final Mailer mailer;

  NotificationRoutes(Vertx vertx, Pool pool, Auth auth, NotificationRepository notifications, Dispatcher dispatcher,
                     EmailTemplates templates, Mailer mailer) {
    this.vertx = vertx;
    this.pool = pool;
    this.auth = auth;
    this.notifications = notifications;
    this.dispatcher = dispatcher;
    this.templates = templates;
    this.mailer = mailer;
  }

  Router router() {
    Router router = Http.router(vertx);
    Ops.mount(router, vertx, pool, "openapi/notification.json");
    Revocations.mount(router, auth, pool);
    router.route("/notifications*").handler(auth.authenticate());
    router.route("/test-email").handler(auth.authenticate());

    router.post("/notifications").handler(Auth.requireAny(Principal.SERVICE, Principal.ADMIN)).handler(this::create);
    router.get("/notifications").handler(Auth.requireAny(Principal.ADMIN)).handler(this::list);
    router.get("/notifications/stats").handler(Auth.requireAny(Principal.ADMIN)).handler(this::stats);
    router.get("/notifications/user/:user_id").handler(this::forUser);
    router.post("/notifications/retry/:id").handler(Auth.requireAny(Principal.ADMIN)).handler(this::retry);
    router.get("/notifications/:id").handler(this::getOne);
    router.put("/notifications/:id/read").handler(this::markRead);
    router.post("/test-email").handler(Auth.requireAny(Principal.ADMIN)).handler(this::testEmail);
    return router;
  }

  /** 202 for a new notification (then an immediate delivery attempt), 200 with the first one for a repeated event_id. */
  private void create(RoutingContext ctx) {
    NotificationInput in = NotificationInput.from(Http.bodyObject(ctx));
    String title = templates.title(in.category(), in.title(), in.data());
    Dispatcher.Claim claim = dispatcher.newClaim();
    notifications.insert(in, title, claim).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      NotificationRepository.Stored stored = ar.result();
      Http.json(ctx, stored.created() ? 202 : 200, stored.notification().toJson());
      if (stored.created()) {
        long id = stored.notification().id();
        dispatcher.deliverClaimed(stored.notification(), claim)
          .onFailure(err -> LOG.warn("notification {}: immediate attempt failed, the poll will retry: {}", id,
            err.toString()));
      }
    });
  }

  private void list(RoutingContext ctx) {
    Page page = Page.from(ctx, 20);
    String status = ctx.request().getParam("status");
    String category = ctx.request().getParam("category");
    String order = blankToNull(ctx.request().getParam("order_id"));
    if (order != null && !order.matches("[1-9][0-9]{0,17}")) {
      throw ApiError.badRequest("invalid_parameter", "order_id must be a positive whole number");
    }
    Long orderId = order == null ? null : Long.valueOf(order);
    Http.reply(ctx, 200, notifications.list(blankToNull(status), blankToNull(category), orderId, page)
      .map(l -> new JsonObject().put("notifications", json(l)).put("pagination", page.flask(l.total()))));
  }

  private void stats(RoutingContext ctx) {
    Http.reply(ctx, 200, notifications.stats());
  }

  /** The owner's or an admin's view; anyone else gets 404, as if there were nothing. */
  private void forUser(RoutingContext ctx) {
    long userId = Http.pathId(ctx, "user_id");
    if (!Auth.principal(ctx).mayRead(userId)) {
      throw ApiError.notFound("No notifications for user " + userId);
    }
    Page page = Page.from(ctx, 20);
    notifications.forUser(userId, page).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        page.headers(ctx, ar.result().total());
        Http.json(ctx, 200, json(ar.result()));
      }
    });
  }

  private void getOne(RoutingContext ctx) {
    long id = Http.pathId(ctx, "id");
    Http.reply(ctx, 200, owned(ctx, id).map(Notification::toJson));
  }

  private void markRead(RoutingContext ctx) {
    long id = Http.pathId(ctx, "id");
    Http.reply(ctx, 200, owned(ctx, id).compose(n -> notifications.markRead(id)).map(Notification::toJson));
  }

  private void retry(RoutingContext ctx) {
    long id = Http.pathId(ctx, "id");
    Http.reply(ctx, 200, notifications.retry(id).map(n -> {
      dispatcher.dispatchNow(id).onFailure(err -> LOG.warn("notification {}: retry attempt failed: {}", id,
        err.toString()));
      return new JsonObject().put("message", "Notification queued for retry").put("notification", n.toJson());
    }));
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
    sent.onComplete(ar -> {
      JsonObject reply = new JsonObject().put("recipient", to).put("subject", subject);
      if (ar.failed()) {
        LOG.warn("test email to {} failed: {}", to, Mailer.describe(ar.cause()));
        Http.json(ctx, 503, reply.put("error", "The SMTP server did not accept the email")
          .put("code", "smtp_unavailable").put("success", false));
      } else if (ar.result() == Mailer.Outcome.LOGGED) {
        Http.json(ctx, 200, reply.put("message", "Test email logged (ENABLE_REAL_EMAIL_SENDING is off)")
          .put("success", true).put("delivery", Notification.LOGGED));
      } else {
        Http.json(ctx, 200, reply.put("message", "Test email sent successfully").put("success", true)
          .put("delivery", Notification.SENT));
      }
    });
  }

  /** The notification when the caller owns it or is admin/service; 404 otherwise. */
  private Future<Notification> owned(RoutingContext ctx, long id) {
    Principal p = Auth.principal(ctx);
    return notifications.find(id).map(n -> {
      if (!p.mayRead(n.userId())) {
        throw ApiError.notFound("Notification " + id + " not found");
      }
      return n;
    });
  }

  private static JsonArray json(NotificationRepository.Listing listing) {
    JsonArray arr = new JsonArray();
    listing.items().forEach(n -> arr.add(n.toJson()));
    return arr;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
