package shop.common.outbox;

import io.vertx.core.json.JsonObject;

/**
 * A destination refused a message for good: it answered neither a success (2xx) nor something worth
 * another try (5xx, 408, 425, 429 — {@code HttpSender.retryable}), so a 3xx or any other 4xx.
 * What was sent and what came back.
 */
public record Rejection(OutboxMessage message, int status, JsonObject body) {
}
