package shop.notification;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import shop.common.delivery.ClaimTable;
import shop.common.delivery.Deliverable;
import shop.common.value.Times;

import java.time.LocalDateTime;

/** A notification row: what to tell whom, and how far its delivery got. */
record Notification(long id, String eventId, long userId, String category, String title, String message,
                    JsonObject data, String recipient, String status, int attempts, LocalDateTime sentAt,
                    LocalDateTime readAt, LocalDateTime createdAt, String errorMessage, String traceparent)
  implements Deliverable {

  static final String PENDING = "pending";
  static final String SENT = "sent";
  static final String FAILED = "failed";
  static final String LOGGED = "logged";

  static final String COLUMNS = "id, event_id, user_id, category, title, message, data, recipient, status, "
    + "attempts, sent_at, read_at, created_at, error_message, traceparent";

  /** The notifications table as the delivery engine claims it. */
  static ClaimTable<Notification> table(Vertx vertx, Pool pool) {
    return new ClaimTable<>(vertx, pool, "notifications", COLUMNS, Notification::from);
  }

  static Notification from(Row row) {
    String data = row.getString("data");
    return new Notification(row.getLong("id"), row.getString("event_id"), row.getLong("user_id"),
      row.getString("category"), row.getString("title"), row.getString("message"),
      data == null ? new JsonObject() : new JsonObject(data), row.getString("recipient"), row.getString("status"),
      row.getInteger("attempts"), row.getLocalDateTime("sent_at"), row.getLocalDateTime("read_at"),
      row.getLocalDateTime("created_at"), row.getString("error_message"), row.getString("traceparent"));
  }

  JsonObject toJson() {
    return new JsonObject()
      .put("id", id)
      .put("event_id", eventId)
      .put("user_id", userId)
      .put("category", category)
      .put("title", title)
      .put("message", message)
      .put("recipient", recipient)
      .put("status", status)
      .put("attempts", attempts)
      .put("sent_at", Times.utc(sentAt))
      .put("read_at", Times.utc(readAt))
      .put("created_at", Times.utc(createdAt))
      .put("error_message", errorMessage);
  }

  @Override
  public String label() {
    return "notification " + id;
  }

  Notification withRecipient(String email) {
    return new Notification(id, eventId, userId, category, title, message, data, email, status, attempts, sentAt,
      readAt, createdAt, errorMessage, traceparent);
  }

}
