package shop.user;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import shop.common.auth.Auth;
import shop.common.auth.Principal;
import shop.common.error.Conflict;
import shop.common.error.Forbidden;
import shop.common.error.NotFound;
import shop.common.http.ApiError;
import shop.common.http.Fields;
import shop.common.http.Http;
import shop.common.http.Paging;
import shop.common.http.TrustedProxies;
import shop.common.value.Page;

/** docs/api/user.md. */
final class UserRoutes {

  static final String OPENAPI = "openapi/user.json";

  private final Auth auth;
  private final UserRepository users;
  private final Accounts accounts;
  private final AccountChanges changes;
  private final TrustedProxies proxies;

  UserRoutes(Auth auth, UserRepository users, Accounts accounts, AccountChanges changes, TrustedProxies proxies) {
    this.auth = auth;
    this.users = users;
    this.accounts = accounts;
    this.changes = changes;
    this.proxies = proxies;
  }

  Router mount(Router router) {
    router.post("/register").handler(this::register);
    router.post("/login").handler(this::login);
    router.get("/profile").handler(auth.authenticate()).respond(this::getProfile);
    router.put("/profile").handler(auth.authenticate()).handler(this::updateProfile);
    router.put("/profile/password").handler(auth.authenticate()).handler(this::changePassword);
    router.get("/users/:id").handler(auth.authenticate()).respond(this::getUser);
    router.get("/users").handler(auth.authenticate()).handler(Auth.requireAny(Principal.ADMIN))
      .respond(this::listUsers);
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

  /** 200 with a token; 401 for bad credentials, 429 with {@code Retry-After} while throttled. */
  private void login(RoutingContext ctx) {
    UserInput.Login in = UserInput.login(Http.bodyObject(ctx));
    Http.reply(ctx, 200, accounts.login(in, proxies.clientAddress(ctx.request())));
  }

  private void changePassword(RoutingContext ctx) {
    long id = selfId(ctx);
    UserInput.PasswordChange in = UserInput.passwordChange(Http.bodyObject(ctx));
    Http.reply(ctx, 200, accounts.changePassword(id, in, proxies.clientAddress(ctx.request())));
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
      throw new Conflict("own_account", "An admin cannot deactivate or delete their own account");
    }
    return id;
  }

  private Future<JsonObject> getProfile(RoutingContext ctx) {
    return accounts.find(selfId(ctx)).map(User::toJson);
  }

  private void updateProfile(RoutingContext ctx) {
    long id = selfId(ctx);
    UserInput.ProfileUpdate up = UserInput.profile(Http.bodyObject(ctx));
    Http.reply(ctx, 200, users.updateProfile(id, up)
      .map(found -> found.orElseThrow(() -> new NotFound("User " + id + " not found")).toJson()));
  }

  /** Self, admin or service; anyone else gets the same 404 as for an unknown id. */
  private Future<JsonObject> getUser(RoutingContext ctx) {
    long id = Http.pathId(ctx, "id");
    if (!Auth.principal(ctx).mayRead(id)) {
      throw new NotFound("User " + id + " not found");
    }
    return accounts.find(id).map(User::toJson);
  }

  private Future<JsonArray> listUsers(RoutingContext ctx) {
    Page page = Paging.page(ctx, 20);
    String q = ctx.request().getParam("q");
    if (q != null && (q.isBlank() || q.length() > 100 || !Fields.isPlain(q, false))) {
      throw ApiError.badRequest("invalid_parameter", "q must be 1 to 100 visible characters");
    }
    return users.list(page, q == null ? null : q.trim()).map(listing -> Paging.array(ctx, page, listing, User::toJson));
  }

  private static long selfId(RoutingContext ctx) {
    Long id = Auth.principal(ctx).userId();
    if (id == null) {
      throw new Forbidden("This needs a user's token");
    }
    return id;
  }
}
