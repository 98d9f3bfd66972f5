package shop.notification;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import shop.common.db.Database;
import shop.common.db.DbConfig;
import shop.testing.Api;
import shop.testing.Await;
import shop.testing.ShopDatabase;
import shop.testing.TestSecrets;

import java.util.ArrayList;
import java.util.List;

/** Deploys the real notification verticle for a test, with fast retries, and reads its tables. */
final class TestService {

  private TestService() {
  }

  /** Real sending to 127.0.0.1:smtpPort, a fast poll and short backoff. */
  static JsonObject config(DbConfig db, TestSecrets secrets, int smtpPort) {
    return ShopDatabase.config(db).mergeIn(secrets.config())
      .put("PORT", 0)
      .put("ENABLE_REAL_EMAIL_SENDING", "True")
      .put("SMTP_SERVER", "127.0.0.1")
      .put("SMTP_PORT", smtpPort)
      .put("SMTP_TIMEOUT_MS", 5_000)
      .put("NOTIFICATION_POLL_MS", 100)
      .put("NOTIFICATION_BACKOFF_BASE_MS", 100)
      .put("NOTIFICATION_BACKOFF_MAX_MS", 400)
      .put("USER_SERVICE_URL", "http://127.0.0.1:1");
  }

  static Api deploy(Vertx vertx, JsonObject conf) {
    NotificationVerticle verticle = new NotificationVerticle();
    Await.result(vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(conf)));
    return new Api(vertx, verticle.port());
  }

  static JsonObject notification(long userId, String category, String email, JsonObject data) {
    JsonObject body = new JsonObject().put("user_id", userId).put("category", category).put("data", data);
    return email == null ? body : body.put("email", email);
  }

  record Attempt(int attempt, String instance, String outcome, String error) {
  }

  static List<Attempt> attempts(Pool pool, long notificationId) {
    List<Attempt> out = new ArrayList<>();
    for (Row r : Await.result(pool.preparedQuery("SELECT attempt, instance, outcome, error FROM notification_attempts "
      + "WHERE notification_id = ? ORDER BY id").execute(Tuple.of(notificationId)))) {
      out.add(new Attempt(r.getInteger(0), r.getString(1), r.getString(2), r.getString(3)));
    }
    return out;
  }

  static Pool pool(Vertx vertx, DbConfig db) {
    return Database.pool(vertx, db);
  }
}
