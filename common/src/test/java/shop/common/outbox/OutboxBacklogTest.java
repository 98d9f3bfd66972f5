package shop.common.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import shop.common.db.Database;
import shop.common.db.DbConfig;
import shop.testing.Await;
import shop.testing.FreshDatabase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The outbox gauges the dashboard plots: how many messages wait and how long the oldest has waited. */
@ExtendWith(VertxExtension.class)
class OutboxBacklogTest {

  @RegisterExtension
  static final FreshDatabase DB = new FreshDatabase();

  private final MeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void backlogAndAgeOfTheOldestUndeliveredMessage(Vertx vertx) {
    DbConfig db = DbConfig.from(DB.anotherAddress("outbox_gauges").config(), "test");
    Await.result(Outbox.migrate(vertx, db));
    Pool pool = Database.pool(vertx, db);
    OutboxBacklog gauges = new OutboxBacklog(vertx, pool, "gauge-test", registry);
    Await.result(gauges.read());
    assertEquals(0.0, gauge("shop_outbox_backlog"));
    assertEquals(0.0, gauge("shop_outbox_oldest_age_seconds"));

    for (int i = 0; i < 3; i++) {
      OutboxMessage m = OutboxMessage.post("gauge-" + i, "notification", "/notifications", new JsonObject());
      Await.result(pool.withTransaction(tx -> Outbox.enqueue(tx, m)));
    }
    Await.result(pool.query("UPDATE outbox SET created_at = UTC_TIMESTAMP(3) - INTERVAL 90 SECOND "
      + "WHERE event_id = 'gauge-0'").execute());
    Await.result(pool.query("UPDATE outbox SET status = 'delivered', delivered_at = UTC_TIMESTAMP(3), "
      + "created_at = UTC_TIMESTAMP(3) - INTERVAL 1 HOUR WHERE event_id = 'gauge-2'").execute());
    Await.result(gauges.read());
    assertEquals(2.0, gauge("shop_outbox_backlog"), "delivered messages are not backlog");
    double age = gauge("shop_outbox_oldest_age_seconds");
    assertTrue(age >= 90 && age < 600, "the oldest waiting message, not the delivered one: " + age);
    Await.result(pool.close());
  }

  private double gauge(String name) {
    Gauge g = registry.find(name).tag("service", "gauge-test").gauge();
    return g.value();
  }
}
