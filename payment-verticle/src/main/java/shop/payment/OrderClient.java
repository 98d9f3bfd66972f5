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
import shop.common.http.ApiError;
import shop.common.http.Outgoing;
import shop.common.http.RequestId;

/** Reads orders from the order service with a service token: 404 stays 404, anything else unexpected is 503. */
final class OrderClient {

  private static final Logger LOG = LoggerFactory.getLogger(OrderClient.class);
  static final String SERVICE_NAME = "payment-service";

  private final WebClient client;
  private final Auth auth;
  private final ServiceUrl url;
  private final long timeoutMs;

  OrderClient(Vertx vertx, Auth auth, ServiceUrl url, long timeoutMs) {
    this.client = Outgoing.client(vertx, SERVICE_NAME);
    this.auth = auth;
    this.url = url;
    this.timeoutMs = timeoutMs;
  }

  Future<Order> order(long orderId, String requestId) {
    return client.get(url.port(), url.host(), "/orders/" + orderId)
      .ssl(url.ssl())
      .timeout(timeoutMs)
      .putHeader("Authorization", auth.serviceToken(SERVICE_NAME))
      .putHeader(RequestId.HEADER, requestId)
      .send()
      .recover(err -> {
        LOG.warn("request {} order service unreachable for order {}: {}", requestId, orderId, err.toString());
        return Future.failedFuture(ApiError.unavailable("The order service is not answering, try again"));
      })
      .compose(resp -> read(orderId, requestId, resp));
  }

  private static Future<Order> read(long orderId, String requestId, HttpResponse<Buffer> resp) {
    if (resp.statusCode() == 404) {
      return Future.failedFuture(ApiError.notFound("Order " + orderId + " not found"));
    }
    if (resp.statusCode() != 200) {
      LOG.warn("request {} order service answered {} for order {}", requestId, resp.statusCode(), orderId);
      return Future.failedFuture(ApiError.unavailable("The order service is not answering, try again"));
    }
    try {
      JsonObject body = resp.bodyAsJsonObject();
      return Future.succeededFuture(Order.from(body));
    } catch (RuntimeException e) {
      LOG.warn("request {} order service sent an unreadable order {}: {}", requestId, orderId, e.toString());
      return Future.failedFuture(ApiError.unavailable("The order service sent an unreadable answer"));
    }
  }
}
