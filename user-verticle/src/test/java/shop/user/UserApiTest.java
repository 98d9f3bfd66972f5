package shop.user;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import shop.common.db.Database;
import shop.common.http.Ops;
import shop.testing.Api;
import shop.testing.Await;
import shop.testing.ShopDatabase;
import shop.testing.TestSecrets;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class UserApiTest {

  @RegisterExtension
  static final ShopDatabase DB = new ShopDatabase();

  static final String PASSWORD = "s3cret-Passphrase";

  static UserService svc;
  static Api api;
  static TestSecrets secrets;
  static Pool pool;

  @BeforeAll
  static void deploy(Vertx vertx) {
    secrets = new TestSecrets(vertx);
    // the notification service is not running here: registration must not care
    JsonObject conf = DB.config().mergeIn(secrets.config()).put("NOTIFICATION_SERVICE_URL", "http://127.0.0.1:9");
    svc = UserService.deploy(vertx, conf);
    api = svc.api;
    pool = Database.pool(vertx, DB.db());
  }

  @Test
  void registerAnswers201WithTheUserAndNoHash() {
    String name = UserService.unique("reg");
    Api.Reply r = api.post("/register", null, UserService.newUser(name, PASSWORD));
    assertEquals(201, r.status(), r.toString());
    assertEquals("User registered successfully", r.json().getString("message"));
    JsonObject user = r.json().getJsonObject("user");
    assertEquals(Set.of("id", "username", "email", "first_name", "last_name", "created_at", "is_active", "roles"),
      user.fieldNames());
    assertEquals(name, user.getString("username"));
    assertEquals(name + "@example.test", user.getString("email"));
    assertEquals("First", user.getString("first_name"));
    assertEquals(new JsonArray().add("customer"), user.getJsonArray("roles"));
    assertTrue(user.getBoolean("is_active"));
    assertTrue(user.getString("created_at").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z"),
      user.getString("created_at"));
    assertFalse(r.body().toString().contains("argon2"));
  }

  @Test
  void invalidRegistrationsAre400WithFieldDetails() {
    String n = UserService.unique("bad");
    assertInvalid(new JsonObject().put("username", n).put("password", PASSWORD), "email");
    assertInvalid(UserService.newUser(n, PASSWORD).put("email", "not-an-email"), "email");
    assertInvalid(UserService.newUser(n, PASSWORD).put("email", "a@b"), "email");
    assertInvalid(UserService.newUser(n, "short7!"), "password");
    assertInvalid(UserService.newUser(n, PASSWORD).put("password", 12345678), "password");
    assertInvalid(UserService.newUser(n, "x".repeat(129)), "password");
    assertInvalid(new JsonObject().put("username", n).put("email", n + "@example.test"), "password");
    assertInvalid(UserService.newUser("ab", PASSWORD), "username");
    assertInvalid(UserService.newUser("has space", PASSWORD).put("email", n + "@example.test"), "username");
    assertInvalid(UserService.newUser(n, PASSWORD).put("username", 42), "username");
    assertInvalid(UserService.newUser(n, PASSWORD).put("username", "u".repeat(51)), "username");
    assertInvalid(UserService.newUser(n, PASSWORD).put("first_name", "f".repeat(101)), "first_name");
    assertInvalid(new JsonObject().put("email", n + "@example.test").put("password", PASSWORD), "username");
    assertEquals(400, api.post("/register", null, new JsonArray().add(1)).status());
    Api.Reply notJson = Await.result(api.send(HttpMethod.POST, "/register", null, Buffer.buffer("{not json"),
      MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json")));
    assertEquals(400, notJson.status(), notJson.toString());
    assertEquals("invalid_json", notJson.code());
    // nothing was created by any of them
    assertEquals(0, UserService.query(pool, "SELECT id FROM users WHERE username = ?", n).size());
  }

  private static void assertInvalid(JsonObject body, String field) {
    Api.Reply r = api.post("/register", null, body);
    assertEquals(400, r.status(), r.toString());
    assertEquals("validation_failed", r.code());
    assertTrue(r.json().getJsonObject("details").containsKey(field), r.toString());
  }

  @Test
  void wrongContentTypeIs415() {
    Api.Reply r = api.post("/register", null, Buffer.buffer("username=x&password=y"));
    assertEquals(415, r.status(), r.toString());
    assertEquals("unsupported_media_type", r.code());
    assertEquals(415, api.post("/login", null, Buffer.buffer("username=x")).status());
  }

  @Test
  void duplicateUsernameOrEmailIs409EmailCaseInsensitively() {
    String name = UserService.unique("dup");
    svc.register(name, PASSWORD);
    Api.Reply sameName = api.post("/register", null,
      UserService.newUser(name, PASSWORD).put("email", UserService.unique("other") + "@example.test"));
    assertEquals(409, sameName.status(), sameName.toString());
    assertEquals("duplicate_username", sameName.code());
    Api.Reply nameOtherCase = api.post("/register", null,
      UserService.newUser(name.toUpperCase(), PASSWORD).put("email", UserService.unique("other") + "@example.test"));
    assertEquals(409, nameOtherCase.status(), nameOtherCase.toString());
    Api.Reply emailOtherCase = api.post("/register", null,
      UserService.newUser(UserService.unique("fresh"), PASSWORD).put("email", name.toUpperCase() + "@EXAMPLE.test"));
    assertEquals(409, emailOtherCase.status(), emailOtherCase.toString());
    assertEquals("duplicate_email", emailOtherCase.code());
  }

  @Test
  void nameInsteadOfUsernameDerivesAUniqueOne() {
    String tag = UserService.unique("");
    JsonObject body = new JsonObject().put("name", "Zoë Ångström-Lovelace").put("password", PASSWORD);
    Api.Reply first = api.post("/register", null, body.copy().put("email", "zoe1" + tag + "@example.test"));
    Api.Reply second = api.post("/register", null, body.copy().put("email", "zoe2" + tag + "@example.test"));
    assertEquals(201, first.status(), first.toString());
    assertEquals(201, second.status(), second.toString());
    String u1 = first.json().getJsonObject("user").getString("username");
    String u2 = second.json().getJsonObject("user").getString("username");
    assertTrue(u1.startsWith("zoe_angstrom_lovelace"), u1);
    assertTrue(u2.startsWith("zoe_angstrom_lovelace"), u2);
    assertNotEquals(u1, u2);
    assertEquals("Zoë", first.json().getJsonObject("user").getString("first_name"));
    assertEquals("Ångström-Lovelace", first.json().getJsonObject("user").getString("last_name"));
    assertEquals(200, svc.login(u2, PASSWORD).status());
  }

  @Test
  void registrationIgnoresRolesActiveIdAndHash() {
    String name = UserService.unique("sneaky");
    JsonObject body = UserService.newUser(name, PASSWORD).put("roles", new JsonArray().add("admin"))
      .put("is_active", false).put("id", 424242).put("password_hash", "$argon2id$v=19$m=8,t=1,p=1$AAAA$AAAA");
    Api.Reply r = api.post("/register", null, body);
    assertEquals(201, r.status(), r.toString());
    JsonObject user = r.json().getJsonObject("user");
    assertEquals(new JsonArray().add("customer"), user.getJsonArray("roles"));
    assertTrue(user.getBoolean("is_active"));
    assertNotEquals(424242L, user.getLong("id"));
    assertEquals(200, svc.login(name, PASSWORD).status());
  }

  @Test
  void loginByEmailOrUsernameGivesAWorkingToken() {
    String name = UserService.unique("login");
    JsonObject user = svc.register(name, PASSWORD);
    Api.Reply byEmail = svc.login(new JsonObject().put("email", name.toUpperCase() + "@Example.TEST")
      .put("password", PASSWORD), null);
    assertEquals(200, byEmail.status(), byEmail.toString());
    assertEquals("Login successful", byEmail.json().getString("message"));
    assertEquals(user, byEmail.json().getJsonObject("user"));
    Api.Reply byName = svc.login(name, PASSWORD);
    assertEquals(200, byName.status(), byName.toString());

    String token = byName.json().getString("token");
    JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]),
      StandardCharsets.UTF_8));
    assertEquals(String.valueOf(user.getLong("id")), claims.getString("sub"));
    assertEquals(user.getLong("id"), claims.getLong("user_id"));
    assertEquals(name, claims.getString("username"));
    assertEquals(name + "@example.test", claims.getString("email"));
    assertEquals(new JsonArray().add("customer"), claims.getJsonArray("roles"));
    assertEquals(60 * 60, claims.getLong("exp") - claims.getLong("iat"));

    Api.Reply profile = api.get("/profile", "Bearer " + token);
    assertEquals(200, profile.status(), profile.toString());
    assertEquals(user, profile.json());
  }

  @Test
  void wrongPasswordAndUnknownUserGetTheSame401() {
    String name = UserService.unique("wrong");
    svc.register(name, PASSWORD);
    Api.Reply wrong = svc.login(name, PASSWORD + "x");
    Api.Reply unknown = svc.login(UserService.unique("nobody"), PASSWORD);
    Api.Reply unknownEmail = svc.login(new JsonObject().put("email", "nobody@example.test").put("password", "x"), null);
    assertEquals(401, wrong.status(), wrong.toString());
    assertEquals(401, unknown.status());
    assertEquals(401, unknownEmail.status());
    assertEquals(wrong.body(), unknown.body());
    assertEquals(wrong.body(), unknownEmail.body());
    assertEquals("Invalid credentials", wrong.json().getString("error"));
    assertNull(wrong.json().getString("token"));
  }

  @Test
  void loginWithoutPasswordOrNameIs400() {
    assertEquals(400, api.post("/login", null, new JsonObject().put("username", "x")).status());
    assertEquals(400, api.post("/login", null, new JsonObject().put("password", "x")).status());
    assertEquals(400, api.post("/login", null, new JsonObject().put("email", 5).put("password", "x")).status());
  }

  @Test
  @DisplayName("PUT /profile changes email and names only; roles, is_active, id and hash are ignored")
  void profileUpdateChangesOnlyTheAllowedFields() {
    String name = UserService.unique("prof");
    JsonObject user = svc.register(name, PASSWORD);
    String token = svc.token(name, PASSWORD);
    String newEmail = UserService.unique("moved") + "@example.test";
    JsonObject body = new JsonObject().put("email", newEmail).put("first_name", "Ada").put("last_name", "King")
      .put("roles", new JsonArray().add("admin")).put("is_active", false).put("id", 1)
      .put("password_hash", "$argon2id$v=19$m=8,t=1,p=1$AAAA$AAAA").put("username", "renamed");
    Api.Reply r = api.put("/profile", token, body);
    assertEquals(200, r.status(), r.toString());
    JsonObject updated = r.json();
    assertEquals(user.getLong("id"), updated.getLong("id"));
    assertEquals(name, updated.getString("username"));
    assertEquals(newEmail, updated.getString("email"));
    assertEquals("Ada", updated.getString("first_name"));
    assertEquals("King", updated.getString("last_name"));
    assertEquals(new JsonArray().add("customer"), updated.getJsonArray("roles"));
    assertTrue(updated.getBoolean("is_active"));
    assertEquals(updated, api.get("/profile", token).json());
    // the password is unchanged and the new email logs in
    assertEquals(200, svc.login(new JsonObject().put("email", newEmail).put("password", PASSWORD), null).status());
    // an empty body changes nothing
    assertEquals(updated, api.put("/profile", token, new JsonObject()).json());
  }

  @Test
  void profileEmailMustBeValidAndFree() {
    String a = UserService.unique("pa");
    String b = UserService.unique("pb");
    svc.register(a, PASSWORD);
    svc.register(b, PASSWORD);
    String token = svc.token(b, PASSWORD);
    Api.Reply taken = api.put("/profile", token, new JsonObject().put("email", a.toUpperCase() + "@example.test"));
    assertEquals(409, taken.status(), taken.toString());
    assertEquals("duplicate_email", taken.code());
    Api.Reply invalid = api.put("/profile", token, new JsonObject().put("email", "nope"));
    assertEquals(400, invalid.status());
    // own address in another case is not a duplicate
    Api.Reply own = api.put("/profile", token, new JsonObject().put("email", b.toUpperCase() + "@example.test"));
    assertEquals(200, own.status(), own.toString());
    assertEquals(415, api.put("/profile", token, Buffer.buffer("email=x")).status());
  }

  @Test
  void usersAreReadableBySelfAdminAndServiceOnly() {
    String a = UserService.unique("ua");
    String b = UserService.unique("ub");
    JsonObject userA = svc.register(a, PASSWORD);
    JsonObject userB = svc.register(b, PASSWORD);
    String tokenA = svc.token(a, PASSWORD);
    assertEquals(userA, api.get("/users/" + userA.getLong("id"), tokenA).json());
    Api.Reply other = api.get("/users/" + userB.getLong("id"), tokenA);
    assertEquals(404, other.status(), other.toString());
    Api.Reply missing = api.get("/users/99999999", tokenA);
    assertEquals(404, missing.status());
    assertEquals(missing.code(), other.code());
    assertEquals(userB, api.get("/users/" + userB.getLong("id"), secrets.admin()).json());
    assertEquals(userB, api.get("/users/" + userB.getLong("id"), secrets.service()).json());
    assertEquals(404, api.get("/users/99999999", secrets.admin()).status());
    assertEquals(400, api.get("/users/abc", secrets.admin()).status());
    assertEquals(401, api.get("/users/" + userB.getLong("id")).status());
  }

  @Test
  void listingUsersIsAdminOnlyAndPaged() {
    String a = UserService.unique("la");
    svc.register(a, PASSWORD);
    svc.register(UserService.unique("lb"), PASSWORD);
    assertEquals(403, api.get("/users", svc.token(a, PASSWORD)).status());
    assertEquals(403, api.get("/users", secrets.service()).status());
    assertEquals(401, api.get("/users").status());
    Api.Reply page = api.get("/users?page=2&per_page=1", secrets.admin());
    assertEquals(200, page.status(), page.toString());
    assertEquals(1, page.array().size());
    long total = Long.parseLong(page.header("X-Total-Count"));
    assertTrue(total >= 2);
    assertTrue(page.header("Link").contains("rel=\"next\"") || total == 2, page.header("Link"));
    assertTrue(page.header("Link").contains("rel=\"prev\""), page.header("Link"));
    Api.Reply all = api.get("/users?per_page=100", secrets.admin());
    assertEquals(Math.min(total, 100), all.array().size());
    assertEquals(400, api.get("/users?page=0", secrets.admin()).status());
  }

  @Test
  void serviceTokenHasNoProfile() {
    assertEquals(403, api.get("/profile", secrets.service()).status());
    assertEquals(404, api.get("/profile", secrets.customer(88_888_888)).status());
  }

  @Test
  void forgedExpiredAndExpLessTokensAre401(Vertx vertx) {
    String name = UserService.unique("tok");
    JsonObject user = svc.register(name, PASSWORD);
    long id = user.getLong("id");
    TestSecrets other = new TestSecrets(vertx);
    assertEquals(401, api.get("/profile", other.customer(id)).status());
    assertEquals(401, api.get("/users/" + id, other.admin()).status());
    assertEquals(401, api.get("/profile", "Bearer not.a.token").status());
    assertEquals(401, api.get("/profile").status());

    long now = System.currentTimeMillis() / 1000;
    JsonObject claims = new JsonObject().put("sub", String.valueOf(id)).put("user_id", id).put("username", name)
      .put("email", name + "@example.test").put("roles", new JsonArray().add("customer"));
    String expired = secrets.signed(claims.copy().put("iat", now - 7200).put("exp", now - 3600));
    Api.Reply r = api.get("/profile", expired);
    assertEquals(401, r.status(), r.toString());
    assertEquals(401, api.get("/profile", secrets.signed(claims.copy().put("iat", now))).status());
    assertEquals(200, api.get("/profile", secrets.signed(claims.copy().put("iat", now).put("exp", now + 600)))
      .status());
  }

  @Test
  @DisplayName("The stored hash is Argon2id at least at the OWASP minimum and appears in no response")
  void storedHashIsArgon2idAndNeverSent() {
    String name = UserService.unique("hash");
    List<Api.Reply> replies = new ArrayList<>();
    replies.add(api.post("/register", null, UserService.newUser(name, PASSWORD)));
    long id = replies.get(0).json().getJsonObject("user").getLong("id");
    Api.Reply login = svc.login(name, PASSWORD);
    replies.add(login);
    String token = "Bearer " + login.json().getString("token");
    replies.add(api.get("/profile", token));
    replies.add(api.put("/profile", token, new JsonObject().put("first_name", "H")));
    replies.add(api.get("/users/" + id, token));
    replies.add(api.get("/users/" + id, secrets.admin()));
    replies.add(api.get("/users?per_page=100", secrets.admin()));
    replies.add(svc.login(name, "wrong-password"));

    String hash = UserService.query(pool, "SELECT password_hash FROM users WHERE id = ?", id).get(0)
      .getString("password_hash");
    assertTrue(hash.startsWith("$argon2id$v=19$"), hash);
    Argon2Params params = PasswordHasher.paramsOf(hash);
    assertNotNull(params, hash);
    assertTrue(params.memoryKib() >= 19_456 && params.iterations() >= 2 && params.parallelism() >= 1, hash);
    assertTrue(new PasswordHasher(Argon2Params.OWASP_MIN).verify(PASSWORD, hash));
    String salt = hash.split("\\$")[4];
    String digest = hash.split("\\$")[5];
    for (Api.Reply r : replies) {
      String text = r.body().toString();
      assertFalse(text.contains("argon2") || text.contains(salt) || text.contains(digest)
        || text.contains("password"), r.toString());
    }
  }

  @Test
  void openApiDocumentsExactlyTheRoutes(Vertx vertx) {
    Api.Reply doc = api.get("/openapi.json");
    assertEquals(200, doc.status());
    UserRoutes routes = new UserRoutes(secrets.auth(), null, null, null, shop.common.http.TrustedProxies.parse(""));
    Router router = routes.mount(Ops.serviceRouter(vertx, pool, secrets.auth(), UserRoutes.OPENAPI, null));
    assertEquals(shop.testing.OpenApiCheck.routed(router), shop.testing.OpenApiCheck.documented(doc.json()));
  }

  @Test
  void healthAnswersUp() {
    Api.Reply r = api.get("/health");
    assertEquals(200, r.status(), r.toString());
    assertEquals("UP", r.json().getString("status"));
  }
}
