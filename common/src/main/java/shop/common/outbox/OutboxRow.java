package shop.common.outbox;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import shop.common.delivery.ClaimTable;
import shop.common.delivery.Deliverable;

/** A claimed outbox row: the message, how many attempts it has had, and the trace it was written in. */
record OutboxRow(long id, int attempts, OutboxMessage message, String traceparent) implements Deliverable {

  static final String COLUMNS = "id, event_id, destination, method, path, body, attempts, traceparent";

  static ClaimTable<OutboxRow> table(Vertx vertx, Pool pool) {
    return new ClaimTable<>(vertx, pool, "outbox", COLUMNS, OutboxRow::from);
  }

  static OutboxRow from(Row row) {
    return new OutboxRow(row.getLong("id"), row.getInteger("attempts"), new OutboxMessage(row.getString("event_id"),
      row.getString("destination"), row.getString("method"), row.getString("path"), new JsonObject(row.getString("body"))),
      row.getString("traceparent"));
  }

  @Override
  public String label() {
    return message.destination() + " " + message.method() + " " + message.path() + " (outbox " + id + ")";
  }
}
