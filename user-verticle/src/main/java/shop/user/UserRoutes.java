package shop.user;

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
import shop.common.http.TrustedProxies;

/** docs/api/user.md. */
final class UserRoutes {

  private final Vertx vertx;
  private final Pool pool;
  private final Auth auth;
  private final UserRepository users;
  private final Accounts accounts;
  private final AccountChanges changes;
  private final TrustedProxies proxies;

  UserRoutes(Vertx vertx, Pool pool, Auth auth, UserRepository users, Accounts accounts, AccountChanges changes,
             TrustedProxies proxies) {
    this.vertx = vertx;
    this.pool = pool;
    this.auth = auth;
    this.users = users;
    this.accounts = accounts;
    this.changes = changes;
    this.proxies = proxies;
  }

  Router router() {
    Router router = Http.router(vertx);
    Ops.mount(router, vertx, pool, "openapi/user.json");
    Revocations.mount(router, auth, pool);

    router.post("/register").handler(this::register);
    router.post("/login").handler(this::login);
    router.get("/profile").handler(auth.authenticate()).handler(this::getProfile);
    router.put("/profile").handler(auth.authenticate()).handler(this::updateProfile);
    router.put("/profile/password").handler(auth.authenticate()).handler(this::changePassword);
    router.get("/users/:id").handler(auth.authenticate()).handler(this::getUser);
    router.get("/users").handler(auth.authenticate()).handler(Auth.requireAny(Principal.ADMIN))
      .handler(this::listUsers);
    router.put("/users/:id/status").handler(auth.authenticate()).handler(Auth.requireAny(Principal.ADMIN))
      .handler(this::setStatus);
    router.delete("/users/:id").handler(auth.authenticate()).handler(Auth.requireAny(Principal.ADMIN))
      .handler(this::deleteUser);
    return router;
  }

  private void register(RoutingContext ctx) {
    UserInput.Registration in = UserInput.registration(Http.bodyObject(ctx));
    Http.reply(ctx, 201, accounts.register(in).map(u -> new JsonObject()
      .put("message", "User registered successfully")
      .put("user", u.toJson())));
  }

  private void login(RoutingContext ctx) {
    UserInput.Login in = UserInput.login(Http.bodyObject(ctx));
    throttled(ctx, accounts.login(in, proxies.clientAddress(ctx.request())));
  }

  /** Answers 200 with the result, or the failure with {@code Retry-After} when it is the throttle's 429. */
  private static void throttled(RoutingContext ctx, Future<JsonObject> work) {
    work.onComplete(ar -> {
      if (ar.succeeded()) {
        Http.json(ctx, 200, ar.result());
        return;
      }
      if (ar.cause() instanceof ApiError e && e.status() == 429) {
        ctx.response().putHeader("Retry-After", e.body().getValue("retry_after").toString());
      }
      ctx.fail(ar.cause());
    });
  }

  private void changePassword(RoutingContext ctx) {
    long id = selfId(ctx);
    UserInput.PasswordChange in = UserInput.passwordChange(Http.bodyObject(ctx));
    throttled(ctx, accounts.changePassword(id, in, proxies.clientAddress(ctx.request())));
  }

  /** Admin: {@code {"is_active": false}} deactivates (every token of the user stops working), true reactivates. */
  private void setStatus(RoutingContext ctx) {
    long id = otherUser(ctx);
    boolean active = UserInput.activation(Http.bodyObject(ctx));
    Http.reply(ctx, 200, changes.setActive(id, active).map(User::toJson));
  }

  private void deleteUser(RoutingContext ctx) {
    Http.reply(ctx, 204, changes.delete(otherUser(ctx)));
  }

  /** The user the path names, never the admin's own account: an admin cannot lock themselves out. */
  private static long otherUser(RoutingContext ctx) {
    long id = Http.pathId(ctx, "id");
    if (Long.valueOf(id).equals(Auth.principal(ctx).userId())) {
      throw ApiError.conflict("own_account", "An admin cannot deactivate or delete their own account");
    }
    return id;
  }

  private void getProfile(RoutingContext ctx) {
    Http.reply(ctx, 200, users.find(selfId(ctx)).map(User::toJson));
  }

  private void updateProfile(RoutingContext ctx) {
    long id = selfId(ctx);
    UserInput.ProfileUpdate up = UserInput.profile(Http.bodyObject(ctx));
    Http.reply(ctx, 200, users.updateProfile(id, up).map(User::toJson));
  }

  /** Self, admin or service; anyone else gets the same 404 as for an unknown id. */
  private void getUser(RoutingContext ctx) {
    long id = Http.pathId(ctx, "id");
    if (!Auth.principal(ctx).mayRead(id)) {
      throw ApiError.notFound("User " + id + " not found");
    }
    Http.reply(ctx, 200, users.find(id).map(User::toJson));
  }

  private void listUsers(RoutingContext ctx) {
    Page page = Page.from(ctx, 20);
    String q = ctx.request().getParam("q");
    if (q != null && (q.isBlank() || q.length() > 100 || !Fields.isPlain(q, false))) {
      throw ApiError.badRequest("invalid_parameter", "q must be 1 to 100 visible characters");
    }
    users.list(page, q == null ? null : q.trim()).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      JsonArray body = new JsonArray();
      ar.result().users().forEach(u -> body.add(u.toJson()));
      page.headers(ctx, ar.result().total());
      Http.json(ctx, 200, body);
    });
  }

  private static long selfId(RoutingContext ctx) {
    Long id = Auth.principal(ctx).userId();
    if (id == null) {
      throw ApiError.forbidden("This needs a user's token");
    }
    return id;
  }
}
