package shop.payment;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import shop.common.auth.Auth;
import shop.common.auth.Principal;
import shop.common.http.Http;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The notification service's {@code POST /notifications} as docs/api/notification.md describes it: records each body,
 * deduplicates on {@code event_id} (202 first, 200 for a repeat). The record outlives the verticle,
 * so a test can undeploy it and deploy a new one on the same port.
 */
final class FakeNotificationService extends VerticleBase {

  /** What every deployment on one port received. */
  static final class Inbox {
    final Map<String, JsonObject> byEvent = new ConcurrentHashMap<>();
    final List<JsonObject> received = new CopyOnWriteArrayList<>();

    List<JsonObject> category(String category) {
      return byEvent.values().stream().filter(n -> category.equals(n.getString("category"))).toList();
    }

    List<JsonObject> forUser(long userId) {
      return byEvent.values().stream().filter(n -> n.getLong("user_id") == userId).toList();
    }

    List<JsonObject> forOrder(long orderId) {
      return byEvent.values().stream()
        .filter(n -> n.getJsonObject("data").getLong("order_id") == orderId).toList();
    }
  }

  private final Inbox inbox;
  private final int port;
  private HttpServer server;

  FakeNotificationService(Inbox inbox, int port) {
    this.inbox = inbox;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    Auth auth = Auth.create(vertx, config());
    Router router = Http.router(vertx);
    router.post("/notifications").handler(auth.authenticate())
      .handler(Auth.requireAny(Principal.SERVICE, Principal.ADMIN)).handler(this::post);
    return vertx.createHttpServer().requestHandler(router).listen(port).onSuccess(s -> server = s);
  }

  @Override
  public Future<?> stop() {
    return server.close();
  }

  int port() {
    return server.actualPort();
  }

  private void post(RoutingContext ctx) {
    JsonObject body = Http.bodyObject(ctx);
    inbox.received.add(body);
    JsonObject first = inbox.byEvent.putIfAbsent(body.getString("event_id"), body);
    Http.json(ctx, first == null ? 202 : 200, new JsonObject().put("event_id", body.getString("event_id"))
      .put("status", "logged"));
  }
}
