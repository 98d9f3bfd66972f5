package shop.user;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shop.testing.Api;
import shop.testing.Await;
import shop.testing.RevocationProbe;
import shop.testing.ShopDatabase;
import shop.testing.TestSecrets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deactivation, deletion and a password change end a user's sessions on every service within
 * seconds: the user service and four other services (probes wired as the real ones, each on its
 * own database), with the shipped defaults (relay kicked at commit, 1 s refresh).
 */
@ExtendWith(VertxExtension.class)
class RevocationTest {

  private static final Logger LOG = LoggerFactory.getLogger(RevocationTest.class);
  static final String PASSWORD = "revoke-Passw0rd";
  static final String ADMIN_PASSWORD = "admin-Passw0rd-long";
  /** What the README promises, with room for a loaded machine. */
  static final int WINDOW_SECONDS = 10;

  @RegisterExtension
  static final ShopDatabase DB = new ShopDatabase();

  static UserService users;
  static final Map<String, Api> services = new LinkedHashMap<>();
  static final List<String> probeDeployments = new ArrayList<>();
  static final Map<String, JsonObject> probeConfigs = new LinkedHashMap<>();
  static String admin;

  @BeforeAll
  static void start(Vertx vertx) {
    TestSecrets secrets = new TestSecrets(vertx);
    JsonObject conf = DB.config().mergeIn(secrets.config())
      .put("ADMIN_EMAIL", "root@example.test").put("ADMIN_PASSWORD", ADMIN_PASSWORD);
    for (String name : AccountChanges.SERVICES) {
      JsonObject probeConf = ShopDatabase.config(DB.another(name)).mergeIn(secrets.config()).put("PORT", 0);
      RevocationProbe probe = new RevocationProbe();
      probeDeployments.add(Await.result(vertx.deployVerticle(probe, new DeploymentOptions().setConfig(probeConf))));
      probeConfigs.put(name, probeConf.copy().put("PORT", probe.port()));
      services.put(name, new Api(vertx, probe.port()));
      conf.put(name.toUpperCase() + "_SERVICE_URL", "http://127.0.0.1:" + probe.port());
    }
    users = UserService.deploy(vertx, conf);
    services.put("user", users.api);
    admin = login("root@example.test", ADMIN_PASSWORD);
  }

  static String login(String email, String password) {
    Api.Reply r = users.login(new JsonObject().put("email", email).put("password", password), null);
    assertEquals(200, r.status(), r.toString());
    return "Bearer " + r.json().getString("token");
  }

  /** Where {@code token} is accepted: the probes' /whoami, the user service's /profile. */
  static Map<String, Integer> statuses(String token) {
    Map<String, Integer> out = new LinkedHashMap<>();
    services.forEach((name, api) -> out.put(name, api.get(name.equals("user") ? "/profile" : "/whoami", token).status()));
    return out;
  }

  static void assertAcceptedEverywhere(String token) {
    statuses(token).forEach((name, status) -> assertEquals(200, status, name));
  }

  /** Polls until every service answers 401 for {@code token}; answers how long that took. */
  static long awaitRefusedEverywhere(String token, String what) {
    long t0 = System.nanoTime();
    Await.until(what + ": token refused by every service", WINDOW_SECONDS,
      () -> statuses(token).values().stream().allMatch(s -> s == 401));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    LOG.info("{}: the token was refused by all {} services {} ms after the change", what, services.size(), ms);
    return ms;
  }

  static JsonObject newUser() {
    return users.register(UserService.unique("rev"), PASSWORD);
  }

  @Test
  void deactivationEndsEverySessionWithinSecondsAndReactivationStartsAfresh(Vertx vertx) {
    JsonObject user = newUser();
    String token = users.token(user.getString("username"), PASSWORD);
    assertAcceptedEverywhere(token);

    Api.Reply off = users.api.put("/users/" + user.getLong("id") + "/status", admin, new JsonObject().put("is_active", false));
    assertEquals(200, off.status(), off.toString());
    assertEquals(false, off.json().getBoolean("is_active"));
    awaitRefusedEverywhere(token, "deactivation");
    assertEquals(401, users.login(user.getString("username"), PASSWORD).status(), "an inactive user cannot log in");

    // a service started after the event reads it at start
    String name = "product";
    Await.result(vertx.undeploy(probeDeployments.get(0)));
    RevocationProbe restarted = new RevocationProbe();
    probeDeployments.set(0, Await.result(vertx.deployVerticle(restarted,
      new DeploymentOptions().setConfig(probeConfigs.get(name)))));
    assertEquals(401, services.get(name).get("/whoami", token).status(), "refused from the first request");

    Api.Reply on = users.api.put("/users/" + user.getLong("id") + "/status", admin, new JsonObject().put("is_active", true));
    assertEquals(200, on.status(), on.toString());
    String fresh = users.token(user.getString("username"), PASSWORD);
    Await.until("the new session is accepted everywhere", WINDOW_SECONDS,
      () -> statuses(fresh).values().stream().allMatch(s -> s == 200));
    assertTrue(statuses(token).values().stream().allMatch(s -> s == 401), "tokens from before stay void");
  }

  @Test
  void aPasswordChangeEndsTheOtherSessionsAndHandsBackAFreshToken() {
    JsonObject user = newUser();
    String first = users.token(user.getString("username"), PASSWORD);
    String second = users.token(user.getString("username"), PASSWORD);
    assertAcceptedEverywhere(second);

    Api.Reply changed = users.api.put("/profile/password", first,
      new JsonObject().put("current_password", PASSWORD).put("new_password", "a-New-passphrase"));
    assertEquals(200, changed.status(), changed.toString());
    assertEquals("Password changed", changed.json().getString("message"));
    String fresh = "Bearer " + changed.json().getString("token");
    awaitRefusedEverywhere(first, "password change (this session)");
    awaitRefusedEverywhere(second, "password change (another session)");
    assertAcceptedEverywhere(fresh);
    assertEquals(401, users.login(user.getString("username"), PASSWORD).status());
    assertEquals(200, users.login(user.getString("username"), "a-New-passphrase").status());
  }

  @Test
  void deletionEndsEverySessionAndFreesTheEmail() {
    JsonObject user = newUser();
    String token = users.token(user.getString("username"), PASSWORD);
    assertAcceptedEverywhere(token);
    assertEquals(204, users.api.delete("/users/" + user.getLong("id"), admin).status());
    assertEquals(404, users.api.get("/users/" + user.getLong("id"), admin).status());
    awaitRefusedEverywhere(token, "deletion");
    assertEquals(401, users.login(user.getString("username"), PASSWORD).status());
    JsonObject again = users.register(user.getString("username"), PASSWORD);
    assertTrue(again.getLong("id") > user.getLong("id"), "a new account, never the old id");
    assertAcceptedEverywhere(users.token(user.getString("username"), PASSWORD));
  }
}
