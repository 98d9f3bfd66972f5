package shop.common.outbox;

import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import shop.common.auth.Auth;
import shop.common.config.ServiceUrl;
import shop.common.delivery.Attempt;
import shop.common.delivery.Outcome;
import shop.common.delivery.Sender;
import shop.common.http.Outgoing;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Sends outbox rows over HTTP with a service token, through one circuit breaker per destination.
 * A 2xx is delivered; a 5xx, 408, 425, 429 or no answer is tried again; any other answer (3xx, the
 * other 4xx) is a {@link Rejection}: the destination's handler runs, and once it has succeeded the
 * row is settled as rejected (should it fail, the row is tried again, and the handler with it).
 */
final class HttpSender implements Sender<OutboxRow> {

  private final Auth auth;
  private final String serviceName;
  private final Map<String, ServiceUrl> destinations;
  private final RelayOptions options;
  private final WebClient client;
  private final Map<String, CircuitBreaker> breakers = new HashMap<>();
  private final Map<String, Function<Rejection, Future<Void>>> rejectionHandlers = new HashMap<>();

  HttpSender(Vertx vertx, Auth auth, String serviceName, Map<String, ServiceUrl> destinations, RelayOptions options) {
    this.auth = auth;
    this.serviceName = serviceName;
    this.destinations = Map.copyOf(destinations);
    this.options = options;
    this.client = Outgoing.client(vertx, serviceName + "-outbox");
    destinations.keySet().forEach(d -> breakers.put(d, CircuitBreaker.create(serviceName + "->" + d, vertx,
      new CircuitBreakerOptions()
        .setMaxFailures(options.breakerMaxFailures())
        .setTimeout(-1)
        .setResetTimeout(options.breakerResetMs()))));
  }

  /** Answers worth another try: the destination failed or asked for time, it did not refuse. */
  static boolean retryable(int status) {
    return status >= 500 || status == 408 || status == 425 || status == 429;
  }

  void onRejected(String destination, Function<Rejection, Future<Void>> handler) {
    rejectionHandlers.put(destination, handler);
  }

  @Override
  public Future<Attempt<OutboxRow>> send(OutboxRow row) {
    OutboxMessage msg = row.message();
    ServiceUrl url = destinations.get(msg.destination());
    CircuitBreaker breaker = breakers.get(msg.destination());
    if (url == null) {
      return answer(row, Outcome.failed("no URL configured for destination " + msg.destination(), null));
    }
    if (breaker.state() == CircuitBreakerState.OPEN) {
      // look again once the breaker may have half-opened
      return answer(row, new Outcome.Postponed("circuit open", options.breakerResetMs()));
    }
    Future<HttpResponse<Buffer>> call = breaker.execute(() -> request(url, msg)
      .compose(resp -> retryable(resp.statusCode()) ? Future.failedFuture(new UpstreamStatus(resp.statusCode()))
        : Future.succeededFuture(resp)));
    return call.transform(ar -> {
      if (ar.failed()) {
        return answer(row, ar.cause() instanceof UpstreamStatus u
          ? Outcome.failed("HTTP " + u.status, u.status) : Outcome.failed(ar.cause()));
      }
      int status = ar.result().statusCode();
      if (status < 300) {
        return answer(row, Outcome.delivered("delivered", status));
      }
      Function<Rejection, Future<Void>> handler = rejectionHandlers.get(msg.destination());
      Future<Void> handled = handler == null ? Future.succeededFuture()
        : handler.apply(new Rejection(msg, status, parse(ar.result().body())));
      return handled.transform(h -> answer(row, h.succeeded() ? Outcome.refused("rejected with HTTP " + status, status)
        : Outcome.failed("rejection handler failed: " + Outcome.describe(h.cause()), status)));
    });
  }

  private Future<HttpResponse<Buffer>> request(ServiceUrl url, OutboxMessage msg) {
    return client.request(HttpMethod.valueOf(msg.method()), url.port(), url.host(), msg.path())
      .ssl(url.ssl())
      .timeout(options.requestTimeoutMs())
      .putHeader("Authorization", auth.serviceToken(serviceName))
      .putHeader("Content-Type", "application/json")
      .putHeader("X-Event-Id", msg.eventId())
      .putHeader("X-Request-Id", msg.eventId())
      .sendBuffer(msg.body().toBuffer());
  }

  void close() {
    client.close();
  }

  private static Future<Attempt<OutboxRow>> answer(OutboxRow row, Outcome outcome) {
    return Future.succeededFuture(new Attempt<>(row, outcome));
  }

  private static JsonObject parse(Buffer body) {
    try {
      return body == null || body.length() == 0 ? new JsonObject() : body.toJsonObject();
    } catch (RuntimeException e) {
      return new JsonObject();
    }
  }

  /** A retryable answer, failed so that the breaker counts it. */
  private static final class UpstreamStatus extends RuntimeException {
    private final int status;

    UpstreamStatus(int status) {
      super("HTTP " + status, null, false, false);
      this.status = status;
    }
  }
}
