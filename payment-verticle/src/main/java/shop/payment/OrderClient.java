package shop.payment;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shop.common.auth.Auth;
import shop.common.config.ServiceUrl;
import shop.common.error.NotFound;
import shop.common.error.Unavailable;
import shop.common.http.Outgoing;
import shop.common.http.RequestId;

/**
 * Reads orders from the order service with a service token: its 404 is {@link NotFound}, anything
 * else unexpected {@link Unavailable}.
 */
final class OrderClient {

  private static final Logger LOG = LoggerFactory.getLogger(OrderClient.class);

  private final WebClient client;
  private final String caller;
  private final Auth auth;
  private final ServiceUrl url;
  private final long timeoutMs;

  /** {@code caller}: this service's name, on its user agent and its service tokens. */
  OrderClient(Vertx vertx, Auth auth, String caller, ServiceUrl url, long timeoutMs) {
    this.client = Outgoing.client(vertx, caller);
    this.caller = caller;
    this.auth = auth;
    this.url = url;
    this.timeoutMs = timeoutMs;
  }

  Future<Order> order(long orderId, String requestId) {
    return client.get(url.port(), url.host(), "/orders/" + orderId)
      .ssl(url.ssl())
      .timeout(timeoutMs)
      .putHeader("Authorization", auth.serviceToken(caller))
      .putHeader(RequestId.HEADER, requestId)
      .send()
      .recover(err -> {
        LOG.warn("request {} order service unreachable for order {}: {}", requestId, orderId, err.toString());
        return Future.failedFuture(new Unavailable("The order service is not answering, try again"));
      })
      .compose(resp -> read(orderId, requestId, resp));
  }

  private static Future<Order> read(long orderId, String requestId, HttpResponse<Buffer> resp) {
    if (resp.statusCode() == 404) {
      return Future.failedFuture(new NotFound("Order " + orderId + " not found"));
    }
    if (resp.statusCode() != 200) {
      LOG.warn("request {} order service answered {} for order {}", requestId, resp.statusCode(), orderId);
      return Future.failedFuture(new Unavailable("The order service is not answering, try again"));
    }
    try {
      JsonObject body = resp.bodyAsJsonObject();
      return Future.succeededFuture(Order.from(body));
    } catch (RuntimeException e) {
      LOG.warn("request {} order service sent an unreadable order {}: {}", requestId, orderId, e.toString());
      return Future.failedFuture(new Unavailable("The order service sent an unreadable answer"));
    }
  }
}
