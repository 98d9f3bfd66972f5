package shop.common.outbox;

import io.vertx.core.json.JsonObject;

/** A destination refused a message for good (a 4xx other than 408/425/429): what was sent and what came back. */
public record Rejection(OutboxMessage message, int status, JsonObject body) {
}
