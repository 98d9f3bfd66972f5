package shop.user;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands in for the notification service: records every POST /notifications, or fails while told to. */
final class FakeNotificationService extends VerticleBase {

  enum Mode { ACCEPT, FAIL_503, DROP_CONNECTION }

  record Received(JsonObject body, String eventId, String authorization) {
  }

  final List<Received> received = new CopyOnWriteArrayList<>();
  volatile Mode mode = Mode.ACCEPT;
  private HttpServer server;

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false).setBodyLimit(64 * 1024));
    router.post("/notifications").handler(ctx -> {
      switch (mode) {
        case FAIL_503 -> ctx.response().setStatusCode(503).end("{\"error\":\"down\"}");
        case DROP_CONNECTION -> ctx.request().connection().close();
        default -> {
          received.add(new Received(ctx.body().asJsonObject(), ctx.request().getHeader("X-Event-Id"),
            ctx.request().getHeader("Authorization")));
          ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("status", "pending").encode());
        }
      }
    });
    return vertx.createHttpServer().requestHandler(router).listen(0).onSuccess(s -> server = s);
  }

  int port() {
    return server.actualPort();
  }

  long distinctEvents() {
    return received.stream().map(Received::eventId).distinct().count();
  }
}
