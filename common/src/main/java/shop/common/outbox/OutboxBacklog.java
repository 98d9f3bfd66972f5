package shop.common.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code shop_outbox_backlog{service}} (messages not yet delivered) and
 * {@code shop_outbox_oldest_age_seconds{service}} (how long the oldest of them has waited), read
 * from the outbox table every few seconds. A scrape never touches the database: the gauges show
 * the last reading. Every instance and replica reads the same table, so dashboards take the max.
 */
final class OutboxBacklog {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxBacklog.class);
  static final long PERIOD_MS = 5_000;
  private static final String READ = "SELECT COUNT(*), "
    + "COALESCE(TIMESTAMPDIFF(MICROSECOND, MIN(created_at), UTC_TIMESTAMP(3)), 0) FROM outbox WHERE status = 'pending'";

  private final Vertx vertx;
  private final Pool pool;
  private final AtomicLong backlog = new AtomicLong();
  private final AtomicLong oldestMicros = new AtomicLong();
  private final boolean owner;
  private long timer = -1;

  OutboxBacklog(Vertx vertx, Pool pool, String serviceName, MeterRegistry registry) {
    this.vertx = vertx;
    this.pool = pool;
    // the verticle instances of one service share a table: the first one's readings stand for all
    this.owner = registry.find("shop_outbox_backlog").tag("service", serviceName).gauge() == null;
    if (owner) {
      // the gauges hold this object weakly: the relay keeps it alive as long as it runs
      Gauge.builder("shop_outbox_backlog", this, b -> b.backlog.get()).tag("service", serviceName)
        .description("outbox messages not yet delivered").register(registry);
      Gauge.builder("shop_outbox_oldest_age_seconds", this, b -> b.oldestMicros.get() / 1e6).tag("service", serviceName)
        .description("how long the oldest undelivered outbox message has waited").register(registry);
    }
  }

  void start() {
    if (owner) {
      read();
      timer = vertx.setPeriodic(PERIOD_MS, id -> read());
    }
  }

  void stop() {
    vertx.cancelTimer(timer);
  }

  Future<Void> read() {
    return pool.query(READ).execute()
      .onSuccess(rows -> {
        Row row = rows.iterator().next();
        backlog.set(row.getLong(0));
        oldestMicros.set(Math.max(0, row.getLong(1)));
      })
      .onFailure(err -> LOG.debug("outbox backlog not read: {}", err.toString()))
      .mapEmpty();
  }
}
