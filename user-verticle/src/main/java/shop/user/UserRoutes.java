package shop.user;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import shop.common.auth.Auth;
import shop.common.auth.Principal;
import shop.common.http.ApiError;
import shop.common.http.Http;
import shop.common.http.Ops;
import shop.common.http.Page;

/** docs/api/user.md. */
final class UserRoutes {

  private final Vertx vertx;
  private final Pool pool;
  private final Auth auth;
  private final UserRepository users;
  private final Accounts accounts;
  private final ClientAddress clientAddress;

  UserRoutes(Vertx vertx, Pool pool, Auth auth, UserRepository users, Accounts accounts, ClientAddress clientAddress) {
    this.vertx = vertx;
    this.pool = pool;
    this.auth = auth;
    this.users = users;
    this.accounts = accounts;
    this.clientAddress = clientAddress;
  }

  Router router() {
    Router router = Http.router(vertx);
    Ops.mount(router, vertx, pool, "openapi/user.json");

    router.post("/register").handler(this::register);
    router.post("/login").handler(this::login);
    router.get("/profile").handler(auth.authenticate()).handler(this::getProfile);
    router.put("/profile").handler(auth.authenticate()).handler(this::updateProfile);
    router.get("/users/:id").handler(auth.authenticate()).handler(this::getUser);
    router.get("/users").handler(auth.authenticate()).handler(Auth.requireAny(Principal.ADMIN))
      .handler(this::listUsers);
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
    accounts.login(in, clientAddress.of(ctx)).onComplete(ar -> {
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
    users.list(page).onComplete(ar -> {
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
