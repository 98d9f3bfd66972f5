package shop.notification;

import io.vertx.core.DeploymentOptions;
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
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Group commit of the marks: a group whose settle fails is sent again once its claim runs out; no email is lost. */
@ExtendWith(VertxExtension.class)
class NotificationSettleTest {

  @RegisterExtension
  static final ShopDatabase DB = new ShopDatabase();

  static TestSecrets secrets;
  static MailServer smtp;

  @BeforeAll
  static void start(Vertx vertx) {
    secrets = new TestSecrets(vertx);
    smtp = MailServer.started();
  }

  @AfterAll
  static void stopSmtp() {
    smtp.close();
  }

  private static long count(Pool pool, String sql) {
    return Await.result(pool.query(sql).execute()).iterator().next().getLong(0);
  }

  @Test
  @DisplayName("the marks of a group of sent emails fail and the instance stops: another sends each again, none is lost")
  void failedGroupSettleIsSentAgain(Vertx vertx) {
    JsonObject conf = TestService.config(DB.db(), secrets, smtp.port()).put("NOTIFICATION_CLAIM_MS", 1_000)
      .put("NOTIFICATION_GROUP_MS", 50);
    NotificationVerticle first = new NotificationVerticle();
    String firstId = Await.result(vertx.deployVerticle(first, new DeploymentOptions().setConfig(conf)));
    Pool pool = TestService.pool(vertx, DB.db());
    Await.result(pool.query("CREATE TABLE settle_switch (failing BOOLEAN NOT NULL)").execute());
    Await.result(pool.query("INSERT INTO settle_switch VALUES (TRUE)").execute());
    Await.result(pool.query("CREATE TRIGGER notification_settle_fails BEFORE UPDATE ON notifications FOR EACH ROW "
      + "IF NEW.status = 'sent' AND (SELECT failing FROM settle_switch) THEN "
      + "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'settle refused by the test'; END IF").execute());

    Api api = new Api(vertx, first.port());
    List<Future<Api.Reply>> posts = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      posts.add(api.send(HttpMethod.POST, "/notifications", secrets.service(), TestService.notification(i + 1, "general",
        "settle" + i + "@example.com", new JsonObject()).put("event_id", "settle-" + i).put("message", "hi"), null));
    }
    Await.result(Future.join(new ArrayList<>(posts)));
    posts.forEach(p -> assertEquals(202, p.result().status(), p.result().toString()));
    Await.until("five emails taken by the SMTP server", 20, () -> smtp.messages().size() == 5);
    // the instance stops while its marks keep failing: none lands
    Await.result(vertx.undeploy(firstId));
    assertEquals(5, count(pool, "SELECT COUNT(*) FROM notifications WHERE status = 'pending' AND attempts = 0 "
      + "AND claimed_by IS NOT NULL"));

    Await.result(pool.query("UPDATE settle_switch SET failing = FALSE").execute());
    TestService.deploy(vertx, conf);
    Await.until("all five sent", 20,
      () -> count(pool, "SELECT COUNT(*) FROM notifications WHERE status = 'sent' AND claimed_by IS NULL") == 5);
    for (int i = 0; i < 5; i++) {
      assertEquals(2, smtp.messagesTo("settle" + i + "@example.com").size(), "settle" + i + " went out again, once");
    }
    assertEquals(5, count(pool, "SELECT COUNT(*) FROM notifications WHERE attempts = 1"));
    assertEquals(5, count(pool, "SELECT COUNT(*) FROM notification_attempts WHERE outcome = 'sent'"));
  }
}
