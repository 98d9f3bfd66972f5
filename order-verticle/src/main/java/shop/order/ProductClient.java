package shop.order;

import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shop.common.auth.Auth;
import shop.common.config.ServiceUrl;
import shop.common.error.Conflict;
import shop.common.error.Invalid;
import shop.common.error.NotFound;
import shop.common.error.Unavailable;
import shop.common.http.Outgoing;
import shop.common.http.RequestId;
import shop.common.value.ItemLine;
import shop.common.value.Money;

import java.util.ArrayList;
import java.util.List;

/**
 * Calls to the product service's reservation API. A 404, 409 or 422 from it is a definitive answer
 * ({@link NotFound}, {@link Conflict}, {@link Invalid}); anything else (timeout, refused connection,
 * 5xx, an open circuit) fails with {@link Unavailable} {@code product_service_unavailable}, meaning
 * "the outcome is unknown".
 */
final class ProductClient {

  static final String UNAVAILABLE = "product_service_unavailable";
  private static final Logger LOG = LoggerFactory.getLogger(ProductClient.class);

  private final WebClient client;
  private final String caller;
  private final ServiceUrl url;
  private final Auth auth;
  private final long timeoutMs;
  private final CircuitBreaker breaker;

  /** {@code caller}: this service's name, on its user agent and its service tokens. */
  ProductClient(Vertx vertx, Auth auth, String caller, ServiceUrl url, long timeoutMs) {
    this.client = Outgoing.client(vertx, caller);
    this.caller = caller;
    this.url = url;
    this.auth = auth;
    this.timeoutMs = timeoutMs;
    // a dead product service answers 503 at once instead of making every checkout wait for a timeout
    this.breaker = CircuitBreaker.create("product-service", vertx, new CircuitBreakerOptions()
      .setMaxFailures(5)
      .setTimeout(-1)
      .setResetTimeout(5_000)
      .setNotificationAddress(null));
  }

  Future<List<PricedLine>> reserve(long orderId, List<ItemLine> lines, String requestId) {
    JsonObject body = new JsonObject().put("order_id", orderId).put("items", ItemLine.toJson(lines));
    return send(HttpMethod.POST, "/reservations", body, requestId).compose(resp -> switch (resp.statusCode()) {
      case 201 -> Future.succeededFuture(lines(resp.bodyAsJsonObject()));
      case 404 -> Future.failedFuture(productNotFound(resp.bodyAsJsonObject()));
      case 409 -> Future.failedFuture(conflict(resp.bodyAsJsonObject()));
      case 422 -> Future.failedFuture(tooLarge(resp.bodyAsJsonObject()));
      default -> Future.failedFuture(unexpected("reserve", orderId, resp));
    });
  }

  /** Marks the reserved stock sold; 409 when the product service already released it. */
  Future<Void> commit(long orderId, String requestId) {
    return send(HttpMethod.POST, "/reservations/" + orderId + "/commit", null, requestId)
      .compose(resp -> switch (resp.statusCode()) {
        case 200 -> Future.<Void>succeededFuture();
        case 409 -> Future.<Void>failedFuture(new Conflict("reservation_released",
          "The stock held for order " + orderId + " was already released", new JsonObject().put("order_id", orderId)));
        default -> Future.<Void>failedFuture(unexpected("commit", orderId, resp));
      });
  }

  private Future<HttpResponse<Buffer>> send(HttpMethod method, String path, JsonObject body, String requestId) {
    Future<HttpResponse<Buffer>> call = breaker.execute(() -> {
      var req = client.request(method, url.port(), url.host(), path)
        .ssl(url.ssl())
        .timeout(timeoutMs)
        .putHeader("Authorization", auth.serviceToken(caller))
        .putHeader(RequestId.HEADER, requestId);
      Future<HttpResponse<Buffer>> sent = body == null ? req.send() : req.sendJsonObject(body);
      // a 5xx counts against the circuit; 4xx answers are the product service working normally
      return sent.compose(resp -> resp.statusCode() >= 500
        ? Future.failedFuture(new IllegalStateException("HTTP " + resp.statusCode()))
        : Future.succeededFuture(resp));
    });
    return call.recover(err -> {
      LOG.warn("request {} {} {}{} failed: {}", requestId, method, url, path, err.toString());
      return Future.failedFuture(unavailable());
    });
  }

  private static List<PricedLine> lines(JsonObject body) {
    JsonArray arr = body.getJsonArray("lines", new JsonArray());
    List<PricedLine> out = new ArrayList<>();
    for (int i = 0; i < arr.size(); i++) {
      JsonObject l = arr.getJsonObject(i);
      out.add(new PricedLine(l.getLong("product_id"), l.getString("name"),
        Money.scale(Money.parse(l.getValue("unit_price"))), l.getString("currency"), l.getInteger("quantity")));
    }
    return out;
  }

  private static RuntimeException productNotFound(JsonObject body) {
    if (body == null || !"product_not_found".equals(body.getString("code"))) {
      return unavailable();
    }
    Long productId = body.getLong("product_id");
    return new NotFound("product_not_found", "Product " + productId + " not found",
      new JsonObject().put("product_id", productId));
  }

  private static RuntimeException conflict(JsonObject body) {
    if (body == null || !"insufficient_stock".equals(body.getString("code"))) {
      return unavailable();
    }
    Long productId = body.getLong("product_id");
    return new Conflict("insufficient_stock", "Not enough stock for product " + productId,
      new JsonObject().put("product_id", productId)
        .put("available", body.getValue("available"))
        .put("requested", body.getValue("requested")));
  }

  private static RuntimeException tooLarge(JsonObject body) {
    boolean tooLarge = body != null && Money.TOTAL_TOO_LARGE.equals(body.getString("code"));
    return tooLarge ? Money.orderTotalTooLarge() : unavailable();
  }

  private Unavailable unexpected(String what, long orderId, HttpResponse<Buffer> resp) {
    LOG.warn("product service answered {} to {} for order {}", resp.statusCode(), what, orderId);
    return unavailable();
  }

  static Unavailable unavailable() {
    return new Unavailable(UNAVAILABLE, "The product service is unavailable, try again shortly");
  }

  /** True when the product service said no for sure, so nothing was reserved. */
  static boolean definitive(Throwable err) {
    return err instanceof NotFound || err instanceof Conflict || err instanceof Invalid;
  }
}
