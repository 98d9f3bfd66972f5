package shop.user;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import shop.common.config.ConfigException;
import shop.common.db.Database;
import shop.testing.Api;
import shop.testing.Await;
import shop.testing.ShopDatabase;
import shop.testing.TestSecrets;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ADMIN_EMAIL/ADMIN_PASSWORD at start: created once, updated on restart, never promoting a stranger. */
@ExtendWith(VertxExtension.class)
class AdminBootstrapTest {

  @RegisterExtension
  static final ShopDatabase DB = new ShopDatabase();

  static TestSecrets secrets;
  static Pool pool;

  @BeforeAll
  static void setUp(Vertx vertx) {
    secrets = new TestSecrets(vertx);
    pool = Database.pool(vertx, DB.db());
  }

  static String password() {
    byte[] b = new byte[12];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  static JsonObject conf(String email, String password) {
    return DB.config().mergeIn(secrets.config()).put("ADMIN_EMAIL", email).put("ADMIN_PASSWORD", password)
      .put("NOTIFICATION_SERVICE_URL", "http://127.0.0.1:9").put("OUTBOX_POLL_MS", 60_000);
  }

  static List<Row> usersWithEmail(String email) {
    return UserService.query(pool, "SELECT id, username, roles FROM users WHERE email_key = ?", email.toLowerCase());
  }

  @Test
  void concurrentStartsMakeOneAdminAndARestartChangesItsPassword(Vertx vertx) {
    String email = "Root" + UserService.unique("") + "@Example.test";
    String first = password();
    // two instances of one deployment, and a second deployment starting at the same moment
    JsonObject conf = conf(email, first).put("PORT", 0);
    Future<String> a = vertx.deployVerticle(() -> new UserVerticle(), new DeploymentOptions().setConfig(conf).setInstances(2));
    Future<String> b = vertx.deployVerticle(() -> new UserVerticle(), new DeploymentOptions().setConfig(conf));
    Await.result(Future.all(a, b));
    assertEquals(1, usersWithEmail(email).size());
    assertEquals("admin,customer", usersWithEmail(email).get(0).getString("roles"));
    Await.result(vertx.undeploy(a.result()));
    Await.result(vertx.undeploy(b.result()));

    UserService svc = UserService.deploy(vertx, conf(email, first));
    Api.Reply login = svc.login(new JsonObject().put("email", email).put("password", first), null);
    assertEquals(200, login.status(), login.toString());
    assertEquals(new JsonArray().add("admin").add("customer"), login.json().getJsonObject("user").getJsonArray("roles"));
    assertEquals(200, svc.api.get("/users", "Bearer " + login.json().getString("token")).status());
    Await.result(vertx.undeploy(svc.deploymentId));

    String second = password();
    UserService restarted = UserService.deploy(vertx, conf(email, second));
    assertEquals(401, restarted.login(new JsonObject().put("email", email).put("password", first), null).status());
    assertEquals(200, restarted.login(new JsonObject().put("email", email).put("password", second), null).status());
    assertEquals(1, usersWithEmail(email).size());
    Await.result(vertx.undeploy(restarted.deploymentId));
  }

  @Test
  void aCustomerHoldingTheAdminUsernameIsNotPromoted(Vertx vertx) {
    String username = UserService.unique("boss");
    JsonObject plain = DB.config().mergeIn(secrets.config()).put("NOTIFICATION_SERVICE_URL", "http://127.0.0.1:9");
    UserService before = UserService.deploy(vertx, plain);
    JsonObject squatter = before.register(username, "squatter-password");
    Await.result(vertx.undeploy(before.deploymentId));

    String email = UserService.unique("realadmin") + "@example.test";
    String pw = password();
    UserService svc = UserService.deploy(vertx, conf(email, pw).put("ADMIN_USERNAME", username));
    List<Row> admin = usersWithEmail(email);
    assertEquals(1, admin.size());
    assertEquals("admin,customer", admin.get(0).getString("roles"));
    assertNotEquals(username, admin.get(0).getString("username"));
    assertTrue(admin.get(0).getString("username").startsWith(username + "_"));
    Row stillCustomer = UserService.query(pool, "SELECT roles FROM users WHERE id = ?", squatter.getLong("id")).get(0);
    assertEquals("customer", stillCustomer.getString("roles"));
    assertEquals(200, svc.login(username, "squatter-password").status());
    assertEquals(200, svc.login(new JsonObject().put("email", email).put("password", pw), null).status());
    Await.result(vertx.undeploy(svc.deploymentId));
  }

  @Test
  void anExistingCustomerWithTheAdminEmailIsPromoted(Vertx vertx) {
    String username = UserService.unique("promoted");
    UserService before = UserService.deploy(vertx, DB.config().mergeIn(secrets.config())
      .put("NOTIFICATION_SERVICE_URL", "http://127.0.0.1:9"));
    before.register(username, "customer-password");
    Await.result(vertx.undeploy(before.deploymentId));

    String pw = password();
    UserService svc = UserService.deploy(vertx, conf(username + "@example.test", pw));
    Api.Reply login = svc.login(username, pw);
    assertEquals(200, login.status(), login.toString());
    assertTrue(login.json().getJsonObject("user").getJsonArray("roles").contains("admin"));
    Await.result(vertx.undeploy(svc.deploymentId));
  }

  @Test
  void aWeakOrHalfGivenAdminConfigRefusesToStart(Vertx vertx) {
    Throwable shortPw = Await.failure(vertx.deployVerticle(new UserVerticle(),
      new DeploymentOptions().setConfig(conf("a@example.test", "short").put("PORT", 0))));
    assertTrue(shortPw instanceof ConfigException, shortPw.toString());
    JsonObject onlyEmail = conf("a@example.test", "long-enough-pw").put("PORT", 0);
    onlyEmail.remove("ADMIN_PASSWORD");
    assertTrue(Await.failure(vertx.deployVerticle(new UserVerticle(), new DeploymentOptions().setConfig(onlyEmail)))
      instanceof ConfigException);
  }
}
