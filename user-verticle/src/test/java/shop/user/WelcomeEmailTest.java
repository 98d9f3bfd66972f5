package shop.user;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import shop.common.auth.Principal;
import shop.common.db.Database;
import shop.testing.Api;
import shop.testing.Await;
import shop.testing.ShopDatabase;
import shop.testing.TestSecrets;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The welcome email goes through the outbox: written with the user, delivered by the relay, exactly once. */
@ExtendWith(VertxExtension.class)
class WelcomeEmailTest {

  @RegisterExtension
  static final ShopDatabase DB = new ShopDatabase();

  static final String PASSWORD = "welcome-Passw0rd";

  static TestSecrets secrets;
  static FakeNotificationService notifications;
  static UserService one;
  static UserService two;
  static Pool pool;

  @BeforeAll
  static void deploy(Vertx vertx) {
    secrets = new TestSecrets(vertx);
    notifications = new FakeNotificationService();
    Await.result(vertx.deployVerticle(notifications));
    JsonObject conf = DB.config().mergeIn(secrets.config())
      .put("NOTIFICATION_SERVICE_URL", "http://127.0.0.1:" + notifications.port())
      .put("OUTBOX_POLL_MS", 100).put("OUTBOX_BACKOFF_MS", 100).put("OUTBOX_MAX_BACKOFF_MS", 800)
      .put("OUTBOX_BREAKER_FAILURES", 3).put("OUTBOX_BREAKER_RESET_MS", 300);
    // two relays on one outbox table, as two processes would have
    one = UserService.deploy(vertx, conf);
    two = UserService.deploy(vertx, conf);
    pool = Database.pool(vertx, DB.db());
  }

  @BeforeEach
  void accept() {
    notifications.mode = FakeNotificationService.Mode.ACCEPT;
  }

  static List<FakeNotificationService.Received> eventsFor(long userId) {
    return notifications.received.stream()
      .filter(r -> ("user_registration:" + userId).equals(r.eventId())).toList();
  }

  @Test
  void registrationDeliversOneUserRegistrationEvent() {
    String name = UserService.unique("welcome");
    JsonObject user = one.register(name, PASSWORD);
    long id = user.getLong("id");
    Await.until("the welcome event", 20, () -> !eventsFor(id).isEmpty());
    FakeNotificationService.Received got = eventsFor(id).get(0);
    JsonObject body = got.body();
    assertEquals("user_registration:" + id, body.getString("event_id"));
    assertEquals(id, body.getLong("user_id"));
    assertEquals("user_registration", body.getString("category"));
    assertEquals(name + "@example.test", body.getString("email"));
    assertTrue(body.getString("title").length() > 0);
    assertTrue(body.getString("message").contains("First"), body.getString("message"));
    assertEquals(new JsonObject().put("username", name).put("first_name", "First"), body.getJsonObject("data"));
    Principal caller = Await.result(secrets.auth().verify(got.authorization()));
    assertTrue(caller.isService(), "sent with a service token");
    Await.until("the row marked delivered", 20, () -> "delivered".equals(UserService.query(pool,
      "SELECT status FROM outbox WHERE event_id = ?", "user_registration:" + id).get(0).getString("status")));
    assertEquals(1, eventsFor(id).size());
  }

  @Test
  void aFailedRegistrationEnqueuesNothing() {
    String name = UserService.unique("once");
    one.register(name, PASSWORD);
    long before = UserService.query(pool, "SELECT COUNT(*) AS n FROM outbox").get(0).getLong("n");
    Api.Reply dup = two.api.post("/register", null, UserService.newUser(name, PASSWORD)
      .put("email", UserService.unique("x") + "@example.test"));
    assertEquals(409, dup.status());
    assertEquals(before, UserService.query(pool, "SELECT COUNT(*) AS n FROM outbox").get(0).getLong("n"));
  }

  @Test
  @DisplayName("Notification service down (503, then dropped connections) then back: every email once, none lost")
  void downThenRecoveredDeliversEveryEventOnce() {
    notifications.mode = FakeNotificationService.Mode.FAIL_503;
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      UserService svc = i % 2 == 0 ? one : two;
      // registration answers 201 while the notification service is down
      ids.add(svc.register(UserService.unique("down"), PASSWORD).getLong("id"));
    }
    Await.until("failed attempts while down", 20, () -> UserService.query(pool,
      "SELECT COUNT(*) AS n FROM outbox_attempts WHERE status_code = 503").get(0).getLong("n") >= 3);
    notifications.mode = FakeNotificationService.Mode.DROP_CONNECTION;
    for (int i = 0; i < 4; i++) {
      ids.add((i % 2 == 0 ? two : one).register(UserService.unique("drop"), PASSWORD).getLong("id"));
    }
    Await.until("failed attempts on dropped connections", 20, () -> UserService.query(pool,
      "SELECT COUNT(*) AS n FROM outbox_attempts WHERE status_code IS NULL AND error IS NOT NULL").get(0)
      .getLong("n") >= 2);
    ids.forEach(id -> assertTrue(eventsFor(id).isEmpty(), "nothing got through while down"));

    notifications.mode = FakeNotificationService.Mode.ACCEPT;
    Await.until("every welcome email delivered", 60, () -> ids.stream().allMatch(id -> !eventsFor(id).isEmpty()));
    Await.until("every row marked delivered", 30, () -> UserService.query(pool,
      "SELECT COUNT(*) AS n FROM outbox WHERE status <> 'delivered'").get(0).getLong("n") == 0);
    // a relay only sends rows still pending, and none is: what arrived is final
    Set<String> seen = new HashSet<>();
    for (long id : ids) {
      assertEquals(1, eventsFor(id).size(), "user " + id + " got exactly one event");
      assertTrue(seen.add("user_registration:" + id));
    }
  }
}
