package shop.user;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import shop.testing.Api;
import shop.testing.Await;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A real UserVerticle deployed for a test, with the calls the tests repeat. */
final class UserService {

  private static final AtomicInteger SEQ = new AtomicInteger();

  final UserVerticle verticle;
  final String deploymentId;
  final Api api;

  private UserService(UserVerticle verticle, String deploymentId, Api api) {
    this.verticle = verticle;
    this.deploymentId = deploymentId;
    this.api = api;
  }

  static UserService deploy(Vertx vertx, JsonObject conf) {
    UserVerticle verticle = new UserVerticle();
    String id = Await.result(vertx.deployVerticle(verticle,
      new DeploymentOptions().setConfig(conf.copy().put("PORT", 0))));
    return new UserService(verticle, id, new Api(vertx, verticle.port()));
  }

  /** A fresh name, so tests in one class never collide. */
  static String unique(String prefix) {
    return prefix + SEQ.incrementAndGet() + "_" + Long.toString(System.nanoTime() % 1_000_000, 36);
  }

  static JsonObject newUser(String username, String password) {
    return new JsonObject().put("username", username).put("email", username + "@example.test")
      .put("password", password).put("first_name", "First").put("last_name", "Last");
  }

  /** Registers and answers the new user (asserting 201). */
  JsonObject register(String username, String password) {
    Api.Reply r = api.post("/register", null, newUser(username, password));
    assertEquals(201, r.status(), r.toString());
    return r.json().getJsonObject("user");
  }

  Api.Reply login(JsonObject body, String forwardedFor) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    if (forwardedFor != null) {
      headers.add("X-Forwarded-For", forwardedFor);
    }
    return Await.result(api.send(HttpMethod.POST, "/login", null, body, headers));
  }

  Api.Reply login(String username, String password) {
    return login(new JsonObject().put("username", username).put("password", password), null);
  }

  /** "Bearer …" for a registered user. */
  String token(String username, String password) {
    Api.Reply r = login(username, password);
    assertEquals(200, r.status(), r.toString());
    return "Bearer " + r.json().getString("token");
  }

  static List<Row> query(Pool pool, String sql, Object... args) {
    List<Row> out = new ArrayList<>();
    Await.result(pool.preparedQuery(sql).execute(Tuple.from(args))).forEach(out::add);
    return out;
  }
}
