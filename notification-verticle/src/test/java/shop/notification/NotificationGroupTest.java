package shop.notification;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import shop.testing.Api;
import shop.testing.Await;
import shop.testing.ShopDatabase;
import shop.testing.TestSecrets;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Group commit of the posts: concurrent posts stored together, each caller answered its own row. */
@ExtendWith(VertxExtension.class)
class NotificationGroupTest {

  @RegisterExtension
  static final ShopDatabase DB = new ShopDatabase();

  static TestSecrets secrets;
  static MailServer smtp;
  static Api api;
  static Pool pool;

  @BeforeAll
  static void deploy(Vertx vertx) {
    secrets = new TestSecrets(vertx);
    smtp = MailServer.started();
    // a wide window, so that the posts of a test share groups
    api = TestService.deploy(vertx, TestService.config(DB.db(), secrets, smtp.port())
      .put("NOTIFICATION_GROUP_MS", 200).put("NOTIFICATION_GROUP_SIZE", 50));
    pool = TestService.pool(vertx, DB.db());
  }

  @AfterAll
  static void stopSmtp() {
    smtp.close();
  }

  private static JsonObject post(String event, String email) {
    return TestService.notification(4, "general", email, new JsonObject()).put("title", "hello " + event)
      .put("message", "m").put("event_id", event);
  }

  private static long count(String sql) {
    return Await.result(pool.query(sql).execute()).iterator().next().getLong(0);
  }

  @Test
  @DisplayName("30 concurrent posts of 10 event ids (and one stored before): one 202 per new event, the others 200 with its row, one email each")
  void concurrentPostsWithRepeatedEventIds() {
    Api.Reply before = api.post("/notifications", secrets.service(), post("old-event", "old@example.com"));
    assertEquals(202, before.status(), before.toString());
    long oldId = before.json().getLong("id");

    List<String> events = new ArrayList<>();
    List<Future<Api.Reply>> sends = new ArrayList<>();
    for (int copy = 0; copy < 3; copy++) {
      for (int e = 0; e < 10; e++) {
        events.add("evt-" + e);
        sends.add(api.send(HttpMethod.POST, "/notifications", secrets.service(), post("evt-" + e, "g" + e + "@example.com"),
          null));
      }
      events.add("old-event");
      sends.add(api.send(HttpMethod.POST, "/notifications", secrets.service(), post("old-event", "old@example.com"), null));
    }
    Await.result(Future.join(new ArrayList<>(sends)));

    Map<String, Long> idOf = new HashMap<>();
    Map<String, Integer> accepted = new HashMap<>();
    for (int i = 0; i < sends.size(); i++) {
      Api.Reply r = sends.get(i).result();
      String event = events.get(i);
      assertTrue(r.status() == 202 || r.status() == 200, r.toString());
      assertEquals(event, r.json().getString("event_id"));
      accepted.merge(event, r.status() == 202 ? 1 : 0, Integer::sum);
      Long first = idOf.putIfAbsent(event, r.json().getLong("id"));
      if (first != null) {
        assertEquals(first, r.json().getLong("id"), "every caller of " + event + " is answered the same row");
      }
    }
    for (int e = 0; e < 10; e++) {
      assertEquals(1, accepted.get("evt-" + e), "evt-" + e + " accepted once");
    }
    assertEquals(0, accepted.get("old-event"));
    assertEquals(oldId, idOf.get("old-event"));
    assertEquals(11, count("SELECT COUNT(*) FROM notifications WHERE event_id LIKE 'evt-%' OR event_id = 'old-event'"));

    Await.until("all sent", 30, () -> count("SELECT COUNT(*) FROM notifications WHERE status = 'sent' "
      + "AND (event_id LIKE 'evt-%' OR event_id = 'old-event')") == 11);
    for (int e = 0; e < 10; e++) {
      assertEquals(1, smtp.messagesTo("g" + e + "@example.com").size(), "g" + e);
    }
    assertEquals(1, smtp.messagesTo("old@example.com").size());
    assertEquals(11, count("SELECT COUNT(*) FROM notification_attempts a JOIN notifications n "
      + "ON n.id = a.notification_id WHERE a.outcome = 'sent' AND (n.event_id LIKE 'evt-%' OR n.event_id = 'old-event')"));
  }

  @Test
  @DisplayName("a group in one INSERT and one SELECT: repeats in the group, a stored event, an id its collation equates")
  void repositoryGroup(Vertx vertx) {
    NotificationRepository repo = new NotificationRepository(vertx, pool);
    Dispatcher.Claim claim = new Dispatcher.Claim("test-claim-" + System.nanoTime(), 60_000);
    NotificationInput stored = NotificationInput.from(post("grp-stored", "s@example.com"));
    long storedId = Await.result(repo.insert(List.of(NotificationRepository.Incoming.of(stored, "t")),
      new Dispatcher.Claim("earlier", 60_000))).get(0).notification().id();

    List<NotificationRepository.Incoming> group = new ArrayList<>();
    for (String event : List.of("grp-b", "grp-a", "grp-b", "grp-stored", "Grp-A", "grp-c")) {
      group.add(NotificationRepository.Incoming.of(NotificationInput.from(post(event, "x@example.com")), "t " + event));
    }
    List<NotificationRepository.Stored> out = Await.result(repo.insert(group, claim));

    assertEquals(6, out.size());
    assertTrue(out.get(0).created());
    assertFalse(out.get(2).created());
    assertEquals(out.get(0).notification().id(), out.get(2).notification().id());
    assertFalse(out.get(3).created());
    assertEquals(storedId, out.get(3).notification().id());
    // 'Grp-A' sorts before 'grp-a' and is stored; 'grp-a' is the same key to the column: answered that row
    assertTrue(out.get(4).created());
    assertFalse(out.get(1).created());
    assertEquals(out.get(4).notification().id(), out.get(1).notification().id());
    assertEquals("Grp-A", out.get(1).notification().eventId());
    assertTrue(out.get(5).created());
    assertEquals("t grp-c", out.get(5).notification().title());
    assertEquals("pending", out.get(5).notification().status());
    assertEquals(3, count("SELECT COUNT(*) FROM notifications WHERE claimed_by = '" + claim.token() + "'"));
  }
}
