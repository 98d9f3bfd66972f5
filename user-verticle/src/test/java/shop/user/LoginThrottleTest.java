package shop.user;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import shop.common.db.Database;
import shop.testing.Api;
import shop.testing.Await;
import shop.testing.ShopDatabase;
import shop.testing.TestSecrets;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Failed-login throttling, on two instances sharing one database (as two processes would). */
@ExtendWith(VertxExtension.class)
class LoginThrottleTest {

  @RegisterExtension
  static final ShopDatabase DB = new ShopDatabase();

  static final String PASSWORD = "throttle-Passw0rd";
  static final AtomicInteger ADDRESS = new AtomicInteger(1);

  static UserService one;
  static UserService two;
  static UserService untrusted;
  static Pool pool;

  @BeforeAll
  static void deploy(Vertx vertx) {
    TestSecrets secrets = new TestSecrets(vertx);
    // the test client connects from 127.0.0.1: a trusted proxy for one and two, not for untrusted
    JsonObject conf = DB.config().mergeIn(secrets.config()).put("TRUSTED_PROXIES", "127.0.0.1")
      .put("LOGIN_ACCOUNT_FREE_FAILURES", 5).put("LOGIN_ADDRESS_FREE_FAILURES", 8).put("LOGIN_BASE_LOCK_MS", 1000)
      .put("NOTIFICATION_SERVICE_URL", "http://127.0.0.1:9").put("OUTBOX_POLL_MS", 60_000);
    one = UserService.deploy(vertx, conf);
    two = UserService.deploy(vertx, conf);
    untrusted = UserService.deploy(vertx, conf.copy().put("TRUSTED_PROXIES", "").put("LOGIN_ADDRESS_FREE_FAILURES", 3));
    pool = Database.pool(vertx, DB.db());
  }

  /** A client address nobody else in this class uses, so only the account counter is in play. */
  static String freshAddress() {
    int n = ADDRESS.incrementAndGet();
    return "10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255);
  }

  static JsonObject creds(String username, String password) {
    return new JsonObject().put("username", username).put("password", password);
  }

  static void awaitUnlocked(String kind) {
    Await.until("the " + kind + " locks to run out", 30, () -> UserService.query(pool,
      "SELECT 1 FROM login_failures WHERE kind = ? AND locked_until > UTC_TIMESTAMP(3)", kind).isEmpty());
  }

  @Test
  @DisplayName("5 failures lock the account (on every instance) for 1 s, then 2 s; success resets it")
  void accountLocksBacksOffAndResetsOnSuccess() {
    String name = UserService.unique("victim");
    one.register(name, PASSWORD);
    for (int i = 0; i < 5; i++) {
      UserService instance = i % 2 == 0 ? one : two;
      Api.Reply r = instance.login(creds(name, "wrong-" + i), freshAddress());
      assertEquals(401, r.status(), "attempt " + (i + 1) + ": " + r);
    }
    Api.Reply locked = two.login(creds(name, "wrong-6"), freshAddress());
    assertEquals(429, locked.status(), locked.toString());
    assertEquals("1", locked.header("Retry-After"));
    assertEquals("too_many_attempts", locked.code());
    // even the right password waits: the lock is checked before the password
    Api.Reply lockedRight = one.login(creds(name, PASSWORD), freshAddress());
    assertEquals(429, lockedRight.status(), lockedRight.toString());

    awaitUnlocked("account");
    assertEquals(401, one.login(creds(name, "wrong-7"), freshAddress()).status());
    Api.Reply longer = two.login(creds(name, "wrong-8"), freshAddress());
    assertEquals(429, longer.status(), longer.toString());
    assertEquals("2", longer.header("Retry-After"));

    awaitUnlocked("account");
    assertEquals(200, one.login(creds(name, PASSWORD), freshAddress()).status());
    for (int i = 0; i < 5; i++) {
      assertEquals(401, two.login(creds(name, "again-" + i), freshAddress()).status(), "after reset, attempt " + i);
    }
    assertEquals(429, one.login(creds(name, "again-6"), freshAddress()).status());
  }

  @Test
  void unknownAccountsAreThrottledLikeRealOnes() {
    String nobody = UserService.unique("ghost");
    for (int i = 0; i < 5; i++) {
      assertEquals(401, one.login(creds(nobody, "wrong"), freshAddress()).status());
    }
    Api.Reply r = one.login(creds(nobody, "wrong"), freshAddress());
    assertEquals(429, r.status(), r.toString());
    assertEquals("1", r.header("Retry-After"));
  }

  @Test
  @DisplayName("Parallel guesses on one account: at most 5 are checked, the rest are 429")
  void parallelGuessesCannotSlipPastTheLock() {
    String name = UserService.unique("burst");
    one.register(name, PASSWORD);
    List<Future<Api.Reply>> replies = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      UserService instance = i % 2 == 0 ? one : two;
      replies.add(instance.api.send(HttpMethod.POST, "/login", null, creds(name, "guess-" + i),
        MultiMap.caseInsensitiveMultiMap().add("X-Forwarded-For", freshAddress())));
    }
    Await.result(Future.join(replies));
    long checked = replies.stream().filter(f -> f.result().status() == 401).count();
    long refused = replies.stream().filter(f -> f.result().status() == 429).count();
    assertTrue(checked >= 1 && checked <= 5, "checked " + checked);
    assertEquals(20, checked + refused);
  }

  @Test
  @DisplayName("A few parallel right logins on one account all succeed, and repeated ones never lock")
  void parallelRightLoginsAreNotThrottled() {
    String name = UserService.unique("busy");
    one.register(name, PASSWORD);
    List<Future<Api.Reply>> replies = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      replies.add((i % 2 == 0 ? one : two).api.send(HttpMethod.POST, "/login", null, creds(name, PASSWORD),
        MultiMap.caseInsensitiveMultiMap().add("X-Forwarded-For", freshAddress())));
    }
    Await.result(Future.join(replies));
    replies.forEach(f -> assertEquals(200, f.result().status(), f.result().toString()));
    for (int i = 0; i < 8; i++) {
      assertEquals(200, one.login(creds(name, PASSWORD), freshAddress()).status());
    }
    assertTrue(UserService.query(pool, "SELECT 1 FROM login_failures WHERE kind = 'account' AND throttle_key = ?",
      "user:" + UserService.query(pool, "SELECT id FROM users WHERE username = ?", name).get(0).getLong("id"))
      .isEmpty(), "a success leaves no counter behind");
  }

  @Test
  @DisplayName("Failures from one address across accounts lock that address: the right-most X-Forwarded-For hop, "
    + "whatever the client wrote to its left")
  void addressLocksAcrossAccounts() {
    String address = freshAddress();
    String name = UserService.unique("shared");
    one.register(name, PASSWORD);
    for (int i = 0; i < 8; i++) {
      UserService instance = i % 2 == 0 ? one : two;
      // the client rotates what it writes; the proxy appends the address it sees
      Api.Reply r = instance.login(creds(UserService.unique("spray"), "wrong"), freshAddress() + ", " + address);
      assertEquals(401, r.status(), "attempt " + (i + 1) + ": " + r);
    }
    Api.Reply r = one.login(creds(name, PASSWORD), "192.0.2.1, " + address);
    assertEquals(429, r.status(), r.toString());
    assertEquals("1", r.header("Retry-After"));
    // another address is not affected; the rotated entries never counted
    assertEquals(200, two.login(creds(name, PASSWORD), "192.0.2.1").status());
    awaitUnlocked("address");
    assertEquals(200, one.login(creds(name, PASSWORD), address).status());
  }

  @Test
  @DisplayName("From a peer that is not a trusted proxy the header is ignored: the socket address is counted")
  void untrustedForwardedForIsIgnored() {
    for (int i = 0; i < 3; i++) {
      Api.Reply r = untrusted.login(creds(UserService.unique("spoof"), "wrong"), freshAddress());
      assertEquals(401, r.status(), r.toString());
    }
    Api.Reply r = untrusted.login(creds(UserService.unique("spoof"), "wrong"), freshAddress());
    assertEquals(429, r.status(), r.toString());
    assertTrue(UserService.query(pool, "SELECT throttle_key FROM login_failures WHERE kind = 'address' "
      + "AND throttle_key NOT LIKE '10.%' AND locked_until IS NOT NULL").size() >= 1);
  }
}
