package shop.user;

import io.vertx.core.Vertx;
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
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Look-alike emails and usernames (zero-width, NUL, BOM, lone surrogates, case, Unicode
 * compatibility forms) can neither register beside the real owner, nor shadow their login, nor
 * lock them out.
 */
@ExtendWith(VertxExtension.class)
class LookAlikeIdentitiesTest {

  static final String OWNER_PASSWORD = "owner-Passw0rd";
  static final String ATTACKER_PASSWORD = "attacker-Passw0rd";

  @RegisterExtension
  static final ShopDatabase DB = new ShopDatabase();

  static UserService svc;
  static Api api;
  static Pool pool;

  @BeforeAll
  static void start(Vertx vertx) {
    svc = UserService.deploy(vertx, DB.config().mergeIn(new TestSecrets(vertx).config())
      .put("NOTIFICATION_SERVICE_URL", "http://127.0.0.1:9"));
    api = svc.api;
    pool = Database.pool(vertx, DB.db());
  }

  static Api.Reply register(String username, String email, String password) {
    return api.post("/register", null, new JsonObject().put("username", username).put("email", email)
      .put("password", password));
  }

  static Api.Reply login(String field, String value, String password) {
    return svc.login(new JsonObject().put(field, value).put("password", password), null);
  }

  @Test
  void lookAlikesOfAnExistingOwnerCanNeitherRegisterNorShadowTheirLogin() {
    Api.Reply owner = register("victim", "victim@example.com", OWNER_PASSWORD);
    assertEquals(201, owner.status(), owner.toString());
    long ownerId = owner.json().getJsonObject("user").getLong("id");

    Map<String, Integer> emails = Map.of(
      "victim\u200b@example.com", 400,
      "vic\u0000tim@example.com", 400,
      "victim@example.com\u0000", 400,
      "\ufeffvictim@example.com", 400,
      "victim\ud800@example.com", 400,
      "vic\u200dtim@example.com", 400,
      "VICTIM@Example.COM", 409,
      "\uff56\uff49\uff43\uff54\uff49\uff4d@example.com", 409,
      " victim@example.com ", 409);
    emails.forEach((email, status) -> {
      Api.Reply r = register(UserService.unique("att"), email, ATTACKER_PASSWORD);
      assertEquals(status, r.status(), email + " -> " + r);
      assertTrue(status == 400 ? r.json().getJsonObject("details").containsKey("email")
        : "duplicate_email".equals(r.code()), email + " -> " + r);
    });
    Map<String, Integer> usernames = Map.of(
      "VICTIM", 409,
      "\uff56ictim", 409,
      "victim\u200b", 400,
      "victim\u00ad", 400);
    usernames.forEach((username, status) -> {
      Api.Reply r = register(username, UserService.unique("att") + "@example.net", ATTACKER_PASSWORD);
      assertEquals(status, r.status(), username + " -> " + r);
    });
    assertEquals(1L, UserService.query(pool, "SELECT COUNT(*) AS n FROM users WHERE email LIKE '%ictim%' "
      + "OR username LIKE '%ictim%'").get(0).getLong("n"), "no look-alike account exists");

    // the owner logs in with any spelling of their identity, and it is always their account
    for (String spelling : List.of("victim@example.com", "Victim@Example.com", "\uff56ictim@example.com")) {
      Api.Reply r = login("email", spelling, OWNER_PASSWORD);
      assertEquals(200, r.status(), spelling + " -> " + r);
      assertEquals(ownerId, r.json().getJsonObject("user").getLong("id"));
    }
    assertEquals(200, login("username", "VICTIM", OWNER_PASSWORD).status());
    // the attacker's password opens nothing, whatever the spelling
    for (String spelling : List.of("victim@example.com", "VICTIM@example.com", "victim\u200b@example.com")) {
      int status = login("email", spelling, ATTACKER_PASSWORD).status();
      assertTrue(status == 401 || status == 400, spelling + " -> " + status);
    }
  }

  @Test
  void aLookAlikeRegisteredFirstCannotLockTheOwnerOut() {
    for (String email : List.of("target\u200b@example.com", "tar\u0000get@example.com", "\ufefftarget@example.com",
      "target\u2060@example.com")) {
      assertEquals(400, register(UserService.unique("first"), email, ATTACKER_PASSWORD).status(), email);
    }
    assertEquals(400, register("target\u200b", "someone@example.org", ATTACKER_PASSWORD).status());
    Api.Reply owner = register("target", "target@example.com", OWNER_PASSWORD);
    assertEquals(201, owner.status(), owner.toString());
    assertEquals(200, login("email", "target@example.com", OWNER_PASSWORD).status());
  }

  @Test
  void aProfileCannotTakeALookAlikeOfAnotherEmail() {
    assertEquals(201, register("holder", "holder@example.com", OWNER_PASSWORD).status());
    assertEquals(201, register("mover", "mover@example.com", ATTACKER_PASSWORD).status());
    String mover = svc.token("mover", ATTACKER_PASSWORD);
    assertEquals(400, api.put("/profile", mover, new JsonObject().put("email", "holder\u200b@example.com")).status());
    assertEquals(400, api.put("/profile", mover, new JsonObject().put("first_name", "Mo\u0000ver")).status());
    Api.Reply taken = api.put("/profile", mover, new JsonObject().put("email", "HOLDER@example.com"));
    assertEquals(409, taken.status());
    assertEquals("duplicate_email", taken.code());
    assertEquals(200, login("email", "holder@example.com", OWNER_PASSWORD).status());
  }
}
