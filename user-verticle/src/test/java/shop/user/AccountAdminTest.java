package shop.user;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import shop.common.db.Database;
import shop.testing.Api;
import shop.testing.ShopDatabase;
import shop.testing.TestSecrets;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin's account routes and the password change: who may call them, what they refuse, what they store. */
@ExtendWith(VertxExtension.class)
class AccountAdminTest {

  static final String PASSWORD = "admin-test-Passw0rd";

  @RegisterExtension
  static final ShopDatabase DB = new ShopDatabase();

  static TestSecrets secrets;
  static UserService svc;
  static Api api;
  static Pool pool;
  static String admin;
  static long adminId;

  @BeforeAll
  static void start(Vertx vertx) {
    secrets = new TestSecrets(vertx);
    svc = UserService.deploy(vertx, DB.config().mergeIn(secrets.config())
      .put("ADMIN_EMAIL", "boss@example.test").put("ADMIN_PASSWORD", PASSWORD)
      .put("NOTIFICATION_SERVICE_URL", "http://127.0.0.1:9").put("PRODUCT_SERVICE_URL", "http://127.0.0.1:9")
      .put("ORDER_SERVICE_URL", "http://127.0.0.1:9").put("PAYMENT_SERVICE_URL", "http://127.0.0.1:9"));
    api = svc.api;
    Api.Reply r = svc.login(new JsonObject().put("email", "boss@example.test").put("password", PASSWORD), null);
    admin = "Bearer " + r.json().getString("token");
    adminId = r.json().getJsonObject("user").getLong("id");
    pool = Database.pool(vertx, DB.db());
  }

  @Test
  void statusChangesBumpTheVersionAndWriteOneEventPerServiceInTheSameTransaction() {
    JsonObject user = svc.register(UserService.unique("st"), PASSWORD);
    long id = user.getLong("id");
    Api.Reply off = api.put("/users/" + id + "/status", admin, new JsonObject().put("is_active", false));
    assertEquals(200, off.status(), off.toString());
    assertEquals(false, off.json().getBoolean("is_active"));
    // the same state again changes nothing and announces nothing
    assertEquals(200, api.put("/users/" + id + "/status", admin, new JsonObject().put("is_active", false)).status());
    assertEquals(1L, UserService.query(pool, "SELECT token_version FROM users WHERE id = ?", id).get(0)
      .getLong("token_version"));
    List<String> paths = UserService.query(pool, "SELECT destination, path, body FROM outbox WHERE event_id LIKE ? "
      + "ORDER BY destination", "revocation:" + id + ":%").stream().map(r -> r.getString("destination") + " "
      + r.getString("path") + " " + r.getString("body")).toList();
    String body = "{\"user_id\":" + id + ",\"min_token_version\":1,\"status\":\"inactive\"}";
    assertEquals(List.of("notification /internal/revocations/" + id + " " + body, "order /internal/revocations/" + id
      + " " + body, "payment /internal/revocations/" + id + " " + body, "product /internal/revocations/" + id + " "
      + body), paths);
    assertEquals("inactive", UserService.query(pool, "SELECT status FROM token_revocations WHERE user_id = ?", id)
      .get(0).getString("status"));
  }

  @Test
  void onlyAnAdminChangesAccountsAndNeverTheirOwn() {
    JsonObject user = svc.register(UserService.unique("who"), PASSWORD);
    long id = user.getLong("id");
    String customer = svc.token(user.getString("username"), PASSWORD);
    JsonObject off = new JsonObject().put("is_active", false);
    assertEquals(403, api.put("/users/" + id + "/status", customer, off).status());
    assertEquals(403, api.delete("/users/" + id, customer).status());
    assertEquals(401, api.put("/users/" + id + "/status", null, off).status());
    Api.Reply own = api.put("/users/" + adminId + "/status", admin, off);
    assertEquals(409, own.status());
    assertEquals("own_account", own.code());
    assertEquals(409, api.delete("/users/" + adminId, admin).status());
    assertEquals(404, api.put("/users/99999999/status", admin, off).status());
    assertEquals(404, api.delete("/users/99999999", admin).status());
    for (Object bad : List.of(new JsonObject(), new JsonObject().put("is_active", "false"),
      new JsonObject().put("is_active", 0))) {
      Api.Reply r = api.put("/users/" + id + "/status", admin, bad);
      assertEquals(400, r.status(), bad + " -> " + r);
      assertTrue(r.json().getJsonObject("details").containsKey("is_active"));
    }
    assertEquals(400, api.put("/users/abc/status", admin, off).status());
    assertTrue(svc.login(user.getString("username"), PASSWORD).status() == 200, "nothing was changed");
  }

  @Test
  void searchFindsUsersByAnyPartOfTheirNamesOrEmail() {
    String tag = UserService.unique("zq");
    svc.register(tag + "_one", PASSWORD);
    svc.register(tag + "_two", PASSWORD);
    Api.Reply found = api.get("/users?q=" + tag.toUpperCase(), admin);
    assertEquals(200, found.status(), found.toString());
    assertEquals(2, found.array().size());
    assertEquals("2", found.header("X-Total-Count"));
    Api.Reply byEmail = api.get("/users?q=" + tag + "_two%40example", admin);
    assertEquals(1, byEmail.array().size());
    assertEquals(tag + "_two", byEmail.array().getJsonObject(0).getString("username"));
    assertEquals(0, api.get("/users?q=%25%25" + tag, admin).array().size(), "% is matched literally");
    assertEquals(0, api.get("/users?q=_" + tag.substring(1), admin).array().size(), "_ is matched literally");
    assertEquals(400, api.get("/users?q=", admin).status());
    assertEquals(400, api.get("/users?q=" + "x".repeat(101), admin).status());
    assertEquals(400, api.get("/users?q=a%00b", admin).status());
    assertEquals(403, api.get("/users?q=" + tag, svc.token(tag + "_one", PASSWORD)).status());
    JsonArray page = api.get("/users?q=" + tag + "&per_page=1&page=2", admin).array();
    assertEquals(tag + "_two", page.getJsonObject(0).getString("username"));
  }

  @Test
  void aPasswordChangeNeedsTheCurrentPasswordAndAValidNewOne() {
    JsonObject user = svc.register(UserService.unique("pw"), PASSWORD);
    String token = svc.token(user.getString("username"), PASSWORD);
    Api.Reply wrong = api.put("/profile/password", token,
      new JsonObject().put("current_password", "not-it-at-all").put("new_password", "another-Passw0rd"));
    assertEquals(403, wrong.status(), wrong.toString());
    assertEquals("wrong_password", wrong.code());
    Api.Reply shortOne = api.put("/profile/password", token,
      new JsonObject().put("current_password", PASSWORD).put("new_password", "short"));
    assertEquals(400, shortOne.status());
    assertTrue(shortOne.json().getJsonObject("details").containsKey("new_password"));
    Api.Reply missing = api.put("/profile/password", token, new JsonObject().put("new_password", "another-Passw0rd"));
    assertEquals(400, missing.status());
    assertTrue(missing.json().getJsonObject("details").containsKey("current_password"));
    assertEquals(403, api.put("/profile/password", secrets.service(),
      new JsonObject().put("current_password", PASSWORD).put("new_password", "another-Passw0rd")).status());
    assertEquals(200, svc.login(user.getString("username"), PASSWORD).status(), "nothing was changed");
    assertEquals(0L, UserService.query(pool, "SELECT token_version FROM users WHERE id = ?", user.getLong("id"))
      .get(0).getLong("token_version"));
  }
}
