package shop.common.http;

import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;

/**
 * A status, a JSON body and extra headers: what a write answers when its status depends on the
 * outcome, and what {@link shop.common.idempotency.Idempotency} stores and replays. The route writes
 * it with {@link Http#reply(io.vertx.ext.web.RoutingContext, io.vertx.core.Future)}.
 */
public record Reply(int status, JsonObject body, Map<String, String> headers) {

  public static Reply of(int status, JsonObject body) {
    return new Reply(status, body, Map.of());
  }

  public Reply withHeader(String name, String value) {
    Map<String, String> more = new HashMap<>(headers);
    more.put(name, value);
    return new Reply(status, body, Map.copyOf(more));
  }
}
