package shop.order;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import shop.common.auth.Auth;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A small stand-in for the notification service (and for the payment service's refund route):
 * records what arrives with a valid service token.
 */
final class FakeNotifications extends VerticleBase {

  private final Queue<JsonObject> received = new ConcurrentLinkedQueue<>();
  private final Queue<String> refunds = new ConcurrentLinkedQueue<>();
  private HttpServer server;

  @Override
  public Future<?> start() {
    Auth auth = Auth.create(vertx, config());
    return vertx.createHttpServer().requestHandler(req -> {
      boolean refund = req.path().matches("/payments/order/[0-9]+/refund");
      if (!"/notifications".equals(req.path()) && !refund) {
        req.response().setStatusCode(404).end();
        return;
      }
      auth.verify(req.getHeader("Authorization"))
        .compose(who -> who.isService() ? req.body() : Future.failedFuture("not a service"))
        .onSuccess(body -> {
          if (refund) {
            refunds.add(req.path());
          } else {
            received.add(body.toJsonObject());
          }
          req.response().setStatusCode(refund ? 200 : 202).putHeader("Content-Type", "application/json").end("{}");
        })
        .onFailure(err -> req.response().setStatusCode(401).end());
    }).listen(0).onSuccess(s -> server = s);
  }

  int port() {
    return server.actualPort();
  }

  /** How many refund requests arrived for {@code orderId}. */
  long refundsFor(long orderId) {
    return refunds.stream().filter(p -> p.equals("/payments/order/" + orderId + "/refund")).count();
  }

  /** Every notification received with this {@code event_id}. */
  List<JsonObject> withEventId(String eventId) {
    return received.stream().filter(n -> eventId.equals(n.getString("event_id"))).toList();
  }
}
