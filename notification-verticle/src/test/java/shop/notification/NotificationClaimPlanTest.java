package shop.notification;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import shop.common.db.Database;
import shop.testing.Await;
import shop.testing.ShopDatabase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The notifications table has the index the engine's claim walks, and the claim sorts nothing. */
@ExtendWith(VertxExtension.class)
class NotificationClaimPlanTest {

  /** 1..900, on MariaDB and MySQL alike (MySQL stops a recursive CTE at 1000 levels). */
  private static final String ROWS = "WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 900)";

  @RegisterExtension
  static final ShopDatabase DB = new ShopDatabase();

  @Test
  @DisplayName("the claim walks notifications_due, oldest due first, without a sort")
  void theClaimWalksTheDueIndex(Vertx vertx) {
    Await.result(Database.migrate(vertx, DB.db(), "db/notification"));
    Pool pool = TestService.pool(vertx, DB.db());
    // mostly delivered rows and a few due ones, as a table looks after a while
    Await.result(pool.query("INSERT INTO notifications (event_id, user_id, category, title, status, attempts, "
      + "next_attempt_at, created_at, updated_at) " + ROWS + " SELECT CONCAT('plan-', n), 1, 'general', 't', "
      + "IF(n % 10 = 0, 'pending', 'sent'), 1, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3), UTC_TIMESTAMP(3) "
      + "FROM seq").execute());
    Await.result(pool.query("ANALYZE TABLE notifications").execute());
    JsonObject plan = Await.result(Notification.table(vertx, pool).claimPlan());
    assertEquals("notifications_due", plan.getString("key"), plan.encode());
    assertFalse(String.valueOf(plan.getString("Extra")).contains("filesort"), plan.encode());
    Await.result(pool.close());
  }
}
