package shop.common.outbox;

import io.vertx.core.json.JsonObject;

/**
 * A call another service must eventually receive. {@code destination} is a logical name the
 * relay maps to a base URL; {@code eventId} is unique, so enqueuing the same event twice keeps one.
 */
public record OutboxMessage(String eventId, String destination, String method, String path, JsonObject body) {

  public static OutboxMessage post(String eventId, String destination, String path, JsonObject body) {
    return new OutboxMessage(eventId, destination, "POST", path, body);
  }

  public static OutboxMessage put(String eventId, String destination, String path, JsonObject body) {
    return new OutboxMessage(eventId, destination, "PUT", path, body);
  }
}
