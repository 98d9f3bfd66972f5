package shop.common.outbox;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import shop.common.db.Database;
import shop.common.db.DbConfig;
import shop.common.tracing.Spans;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/** The transactional outbox: rows written with the caller's own transaction, delivered by {@link OutboxRelay}. */
public final class Outbox {

  private static final String INSERT = "INSERT IGNORE INTO outbox "
    + "(event_id, destination, method, path, body, traceparent, status, attempts, next_attempt_at, created_at) VALUES ";
  private static final String ROW = "(?, ?, ?, ?, ?, ?, 'pending', 0, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))";

  private Outbox() {
  }

  /** Creates the outbox tables in the service's database (their own migration history). */
  public static Future<Void> migrate(Vertx vertx, DbConfig db) {
    return Database.migrate(vertx, db, "db/outbox", "flyway_outbox_history");
  }

  /**
   * Writes {@code message} through {@code tx}: it is sent only if that transaction commits. With
   * tracing on, the current trace goes with it ({@code outbox enqueue}), and its delivery joins it.
   */
  public static Future<Void> enqueue(SqlClient tx, OutboxMessage message) {
    return enqueue(tx, List.of(message));
  }

  /**
   * Writes every message through {@code tx} with one statement (a round trip per row adds up on a
   * write path), each with the current trace when tracing is on.
   */
  public static Future<Void> enqueue(SqlClient tx, List<OutboxMessage> messages) {
    Tuple args = Tuple.tuple();
    messages.forEach(m -> args.addString(m.eventId()).addString(m.destination()).addString(m.method())
      .addString(m.path()).addString(m.body().encode()).addString(Spans.enqueued("outbox enqueue",
        Map.of("messaging.destination.name", m.destination(), "messaging.message.id", m.eventId()))));
    return tx.preparedQuery(INSERT + String.join(", ", Collections.nCopies(messages.size(), ROW))).execute(args)
      .mapEmpty();
  }
}
