package shop.common.auth;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import shop.common.http.Http;
import shop.testing.Api;
import shop.testing.Await;
import shop.testing.TestKey;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tokens signed with the right key whose claims are not exactly right: every one is 401, never 400 or 500. */
@ExtendWith(VertxExtension.class)
class BadTokensTest {

  static TestKey secrets;
  static Api api;
  static final long NOW = System.currentTimeMillis() / 1000;

  @BeforeAll
  static void start(Vertx vertx) {
    secrets = new TestKey();
    Auth auth = Auth.create(vertx, secrets.config());
    Router router = Http.router(vertx);
    router.get("/me").handler(auth.authenticate()).handler(ctx -> {
      Principal p = Auth.principal(ctx);
      Http.json(ctx, 200, new JsonObject().put("sub", p.subject()).put("user_id", p.userId())
        .put("roles", new JsonArray(List.copyOf(p.roles()))));
    });
    router.get("/admin").handler(auth.authenticate()).handler(Auth.requireAny(Principal.ADMIN))
      .handler(ctx -> Http.json(ctx, 200, new JsonObject()));
    HttpServer server = Await.result(vertx.createHttpServer().requestHandler(router).listen(0));
    api = new Api(vertx, server.actualPort());
  }

  static JsonObject user() {
    return new JsonObject().put("sub", "7").put("user_id", 7).put("username", "ann").put("email", "ann@example.com")
      .put("roles", new JsonArray().add("customer").add("admin")).put("iat", NOW).put("exp", NOW + 600).put("tv", 0);
  }

  static JsonObject service() {
    return new JsonObject().put("sub", "order-service").put("username", "order-service")
      .put("roles", new JsonArray().add("service")).put("iat", NOW).put("exp", NOW + 600);
  }

  static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void rightTokensStillPass() {
    for (JsonObject ok : List.of(user(), user().put("nbf", NOW), user().put("tv", 3), user().copy(), service())) {
      Api.Reply r = api.get("/me", secrets.signed(ok));
      assertEquals(200, r.status(), ok + " -> " + r);
    }
    assertEquals(200, api.get("/me", secrets.signed(user().copy().put("roles", new JsonArray().add("customer"))))
      .status());
  }

  @Test
  void everyTokenThatIsNotExactlyRightIs401() {
    Map<String, String> table = new LinkedHashMap<>();
    Map<String, UnaryOperator<JsonObject>> changes = new LinkedHashMap<>();
    for (String time : List.of("exp", "iat", "nbf")) {
      changes.put(time + " null", c -> c.putNull(time));
      changes.put(time + " a string", c -> c.put(time, String.valueOf(NOW + 60)));
      changes.put(time + " a fraction", c -> c.put(time, NOW + 0.5));
      changes.put(time + " a boolean", c -> c.put(time, true));
      changes.put(time + " an array", c -> c.put(time, new JsonArray().add(NOW)));
      changes.put(time + " negative", c -> c.put(time, -1));
      changes.put(time + " beyond year 9999", c -> c.put(time, Long.MAX_VALUE));
    }
    changes.put("exp missing", c -> {
      c.remove("exp");
      return c;
    });
    changes.put("iat missing", c -> {
      c.remove("iat");
      return c;
    });
    changes.put("exp past", c -> c.put("exp", NOW - 3600).put("iat", NOW - 7200));
    changes.put("iat in the future", c -> c.put("iat", NOW + 3600).put("exp", NOW + 7200));
    changes.put("iat after exp", c -> c.put("iat", NOW).put("exp", NOW - 1));
    changes.put("nbf in the future", c -> c.put("nbf", NOW + 3600));
    changes.put("sub missing", c -> {
      c.remove("sub");
      return c;
    });
    changes.put("sub a number", c -> c.put("sub", 7));
    changes.put("sub null", c -> c.putNull("sub"));
    changes.put("sub empty", c -> c.put("sub", ""));
    changes.put("sub another user", c -> c.put("sub", "8"));
    changes.put("user_id missing", c -> {
      c.remove("user_id");
      return c;
    });
    changes.put("user_id a string", c -> c.put("user_id", "7"));
    changes.put("user_id a fraction", c -> c.put("user_id", 7.5));
    changes.put("user_id zero", c -> c.put("user_id", 0).put("sub", "0"));
    changes.put("user_id negative", c -> c.put("user_id", -7).put("sub", "-7"));
    changes.put("user_id null", c -> c.putNull("user_id"));
    changes.put("roles missing", c -> {
      c.remove("roles");
      return c;
    });
    changes.put("roles a string", c -> c.put("roles", "admin"));
    changes.put("roles empty", c -> c.put("roles", new JsonArray()));
    changes.put("roles unknown", c -> c.put("roles", new JsonArray().add("admin").add("root")));
    changes.put("roles a number inside", c -> c.put("roles", new JsonArray().add(1)));
    changes.put("roles null inside", c -> c.put("roles", new JsonArray().add("admin").addNull()));
    changes.put("roles an object", c -> c.put("roles", new JsonObject().put("admin", true)));
    changes.put("username a number", c -> c.put("username", 5));
    changes.put("username null", c -> c.putNull("username"));
    changes.put("email an array", c -> c.put("email", new JsonArray().add("x@example.com")));
    changes.put("tv negative", c -> c.put("tv", -1));
    changes.put("tv a string", c -> c.put("tv", "1"));
    changes.put("tv a fraction", c -> c.put("tv", 1.5));
    changes.put("tv null", c -> c.putNull("tv"));
    changes.forEach((name, change) -> table.put(name, secrets.signed(change.apply(user()))));

    table.put("service with a user_id", secrets.signed(service().put("user_id", 7)));
    table.put("service and admin", secrets.signed(service().put("roles", new JsonArray().add("service").add("admin"))));
    table.put("service with tv", secrets.signed(service().put("tv", 1)));
    table.put("exp in exponent form", secrets.signed("{\"sub\":\"7\",\"user_id\":7,\"roles\":[\"admin\"],\"iat\":"
      + NOW + ",\"exp\":1.9e9}"));
    table.put("payload an array", secrets.signed("[1,2]"));
    table.put("payload not JSON", secrets.signed("{\"sub\":"));
    String good = secrets.signed(user()).substring(7);
    String[] parts = good.split("\\.");
    table.put("alg none", "Bearer " + b64("{\"alg\":\"none\"}") + "." + parts[1] + ".");
    table.put("no signature", "Bearer " + parts[0] + "." + parts[1] + ".");
    table.put("header with crit", "Bearer " + b64("{\"alg\":\"HS256\",\"crit\":[\"x\"],\"x\":1}") + "." + parts[1]
      + "." + parts[2]);
    table.put("four parts", "Bearer " + good + ".x");

    List<String> wrong = new ArrayList<>();
    table.forEach((name, token) -> {
      for (String path : List.of("/me", "/admin")) {
        Api.Reply r = api.get(path, token);
        if (r.status() != 401 || !"unauthorized".equals(r.code()) || r.header("WWW-Authenticate") == null) {
          wrong.add(name + " on " + path + " -> " + r);
        }
      }
    });
    assertTrue(wrong.isEmpty(), "not 401: " + wrong);
    assertTrue(table.size() > 60, "the table has " + table.size() + " tokens");
  }
}
