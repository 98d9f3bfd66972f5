package shop.common.outbox;

import io.micrometer.core.instrument.Counter;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shop.common.auth.Auth;
import shop.common.config.ServiceUrl;
import shop.common.db.Database;
import shop.common.http.Ops;
import shop.common.http.Outgoing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Delivers outbox rows at least once; the rows of one poll are sent concurrently, so no order
 * between them is promised (every receiver is idempotent and none depends on another row first).
 * Rows are claimed with a conditional UPDATE (claimed_by, claim_until), so several relays on one
 * table never send the same row at the same time; a delivered row is marked only by the relay
 * holding its claim. Failures back off exponentially with jitter; each destination has its own
 * circuit breaker; every attempt is recorded.
 */
public final class OutboxRelay {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);

  // No ORDER BY: the server walks the outbox_due index (status, next_attempt_at, id), oldest due
  // first, and stops at the limit. With ORDER BY id, or even ORDER BY next_attempt_at, id, MariaDB
  // chose to read every due row and sort them: each claim cost as much as the whole backlog
  // (measured: 13M index reads in one benchmark phase with 30k rows waiting).
  private static final String CLAIM = "UPDATE outbox SET claimed_by = ?, claim_until = UTC_TIMESTAMP(3) + INTERVAL ? SECOND "
    + "WHERE status = 'pending' AND next_attempt_at <= UTC_TIMESTAMP(3) "
    + "AND (claim_until IS NULL OR claim_until < UTC_TIMESTAMP(3)) LIMIT ?";
  private static final String CLAIMED = "SELECT id, event_id, destination, method, path, body, attempts FROM outbox "
    + "WHERE claimed_by = ? AND status = 'pending' ORDER BY id";
  /** Settles claimed rows for good ('delivered' or 'rejected'); completed with {@code id IN (…)}. */
  private static final String DONE = "UPDATE outbox SET status = ?, delivered_at = UTC_TIMESTAMP(3), "
    + "last_status = ?, attempts = attempts + 1, claimed_by = NULL, claim_until = NULL, last_error = NULL "
    + "WHERE claimed_by = ? AND id IN (";
  private static final String RETRY = "UPDATE outbox SET attempts = attempts + ?, last_status = ?, last_error = ?, "
    + "next_attempt_at = UTC_TIMESTAMP(3) + INTERVAL ? MICROSECOND, claimed_by = NULL, claim_until = NULL "
    + "WHERE id = ? AND claimed_by = ?";
  private static final String ATTEMPT = "INSERT INTO outbox_attempts (outbox_id, attempted_at, relay, status_code, error) "
    + "VALUES (?, UTC_TIMESTAMP(3), ?, ?, ?)";

  private final Vertx vertx;
  private final Pool pool;
  private final Auth auth;
  private final String serviceName;
  private final Map<String, ServiceUrl> destinations;
  private final RelayOptions options;
  private final WebClient client;
  private final String relayId = UUID.randomUUID().toString();
  private final Map<String, CircuitBreaker> breakers = new HashMap<>();
  private final Map<String, Function<Rejection, Future<Void>>> rejectionHandlers = new HashMap<>();
  private final Counter delivered;
  private final Counter failed;
  private final OutboxBacklog backlog;
  private long timer = -1;
  private boolean running;
  private boolean busy;
  private boolean again;
  private Promise<Void> stopped;

  public OutboxRelay(Vertx vertx, Pool pool, Auth auth, String serviceName, Map<String, ServiceUrl> destinations,
                     RelayOptions options) {
    this.vertx = vertx;
    this.pool = pool;
    this.auth = auth;
    this.serviceName = serviceName;
    this.destinations = Map.copyOf(destinations);
    this.options = options;
    this.client = Outgoing.client(vertx, serviceName + "-outbox");
    this.delivered = Counter.builder("shop_outbox_delivered_total").tag("service", serviceName)
      .register(Ops.registry());
    this.failed = Counter.builder("shop_outbox_failed_attempts_total").tag("service", serviceName)
      .register(Ops.registry());
    this.backlog = new OutboxBacklog(vertx, pool, serviceName, Ops.registry());
    destinations.keySet().forEach(d -> breakers.put(d, CircuitBreaker.create(serviceName + "->" + d, vertx,
      new CircuitBreakerOptions()
        .setMaxFailures(options.breakerMaxFailures())
        .setTimeout(-1)
        .setResetTimeout(options.breakerResetMs()))));
  }

  /** What to do when {@code destination} refuses a message for good (the row is then marked rejected). */
  public OutboxRelay onRejected(String destination, Function<Rejection, Future<Void>> handler) {
    rejectionHandlers.put(destination, handler);
    return this;
  }

  public OutboxRelay start() {
    running = true;
    backlog.start();
    schedule(options.pollIntervalMs());
    return this;
  }

  /** Stops polling; the future completes once a delivery round in progress has finished. */
  public Future<Void> stop() {
    running = false;
    vertx.cancelTimer(timer);
    backlog.stop();
    if (busy) {
      if (stopped == null) {
        stopped = Promise.promise();
      }
      return stopped.future().onComplete(v -> client.close());
    }
    client.close();
    return Future.succeededFuture();
  }

  /** Delivers what is due now without waiting for the next poll (e.g. right after a commit). */
  public void kick() {
    if (!running) {
      return;
    }
    if (busy) {
      again = true;
      return;
    }
    vertx.cancelTimer(timer);
    poll();
  }

  private void schedule(long delay) {
    if (running) {
      timer = vertx.setTimer(Math.max(1, delay), id -> poll());
    }
  }

  private void poll() {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    runOnce().onComplete(ar -> {
      busy = false;
      if (stopped != null) {
        stopped.tryComplete();
        return;
      }
      if (ar.failed()) {
        LOG.warn("{} outbox poll failed: {}", serviceName, ar.cause().toString());
      }
      boolean more = ar.succeeded() && ar.result() >= options.batchSize();
      if (again || more) {
        again = false;
        schedule(1);
      } else {
        schedule(options.pollIntervalMs());
      }
    });
  }

  /** Claims the due rows and tries each once; answers how many were delivered. */
  public Future<Integer> runOnce() {
    String claim = relayId + ":" + UUID.randomUUID().toString().substring(0, 8);
    return Database.retrying(vertx, () -> pool.preparedQuery(CLAIM)
        .execute(Tuple.of(claim, options.claimSeconds(), options.batchSize())))
      .compose(res -> res.rowCount() == 0
        ? Future.succeededFuture(0)
        : pool.preparedQuery(CLAIMED).execute(Tuple.of(claim)).compose(rows -> {
          List<Row> list = new ArrayList<>();
          rows.forEach(list::add);
          return deliverAll(list, claim);
        }));
  }

  /**
   * Sends the batch's rows at once (one after another could not keep up with a busy service: each
   * waits for its answer) and then settles the accepted ones together.
   */
  private Future<Integer> deliverAll(List<Row> rows, String claim) {
    List<Delivered> delivered = new ArrayList<>();
    List<Future<Void>> sends = new ArrayList<>();
    for (Row row : rows) {
      sends.add(deliver(row, claim, delivered).recover(err -> {
        LOG.warn("{} outbox row {} bookkeeping failed: {}", serviceName, row.getLong("id"), err.toString());
        return Future.succeededFuture();
      }));
    }
    return Future.join(sends).transform(ar -> settle(delivered, claim));
  }

  /** A row its destination accepted, to be recorded and marked with the rest of its batch. */
  private record Delivered(long id, int status) {
  }

  /**
   * Records the accepted rows of a batch: one INSERT of their attempts and one UPDATE per status
   * code, instead of two statements a row. Should this fail, the rows stay claimed until
   * {@code claim_until} and are sent again; receivers drop repeats by event id.
   */
  private Future<Integer> settle(List<Delivered> delivered, String claim) {
    if (delivered.isEmpty()) {
      return Future.succeededFuture(0);
    }
    StringBuilder sql = new StringBuilder("INSERT INTO outbox_attempts (outbox_id, attempted_at, relay, status_code, "
      + "error) VALUES ");
    Tuple args = Tuple.tuple();
    Map<Integer, List<Long>> byStatus = new TreeMap<>();
    for (int i = 0; i < delivered.size(); i++) {
      Delivered d = delivered.get(i);
      sql.append(i == 0 ? "" : ", ").append("(?, UTC_TIMESTAMP(3), ?, ?, NULL)");
      args.addLong(d.id()).addString(relayId).addInteger(d.status());
      byStatus.computeIfAbsent(d.status(), k -> new ArrayList<>()).add(d.id());
    }
    Future<?> done = Database.retrying(vertx, () -> pool.preparedQuery(sql.toString()).execute(args));
    for (Map.Entry<Integer, List<Long>> e : byStatus.entrySet()) {
      done = done.compose(v -> mark(e.getValue(), claim, "delivered", e.getKey()));
    }
    return done.map(delivered.size());
  }

  private Future<Void> deliver(Row row, String claim, List<Delivered> delivered) {
    long id = row.getLong("id");
    OutboxMessage msg = new OutboxMessage(row.getString("event_id"), row.getString("destination"),
      row.getString("method"), row.getString("path"), new JsonObject(row.getString("body")));
    int attempts = row.getInteger("attempts");
    ServiceUrl url = destinations.get(msg.destination());
    CircuitBreaker breaker = breakers.get(msg.destination());
    if (url == null) {
      return retry(id, claim, attempts + 1, null, "no URL configured for destination " + msg.destination(), 1);
    }
    if (breaker.state() == CircuitBreakerState.OPEN) {
      // not an attempt: nothing was sent; look again once the breaker may have half-opened
      return pool.preparedQuery(RETRY).execute(Tuple.of(0, null, "circuit open", options.breakerResetMs() * 1000,
        id, claim)).mapEmpty();
    }
    Future<HttpResponse<Buffer>> call = breaker.execute(() -> send(url, msg)
      .compose(resp -> resp.statusCode() >= 500 || resp.statusCode() == 408 || resp.statusCode() == 429
        ? Future.failedFuture(new UpstreamStatus(resp)) : Future.succeededFuture(resp)));
    return call.transform(ar -> {
      if (ar.succeeded()) {
        return onAnswer(id, claim, attempts, msg, ar.result(), delivered);
      }
      Throwable err = ar.cause();
      Integer status = err instanceof UpstreamStatus u ? u.response.statusCode() : null;
      failed.increment();
      LOG.warn("{} -> {} {} {} failed (attempt {}): {}", serviceName, msg.destination(), msg.method(), msg.path(),
        attempts + 1, status != null ? "HTTP " + status : err.toString());
      return retry(id, claim, attempts + 1, status, status != null ? "HTTP " + status : err.toString(), 1);
    });
  }

  private Future<HttpResponse<Buffer>> send(ServiceUrl url, OutboxMessage msg) {
    return client.request(HttpMethod.valueOf(msg.method()), url.port(), url.host(), msg.path())
      .ssl(url.ssl())
      .timeout(options.requestTimeoutMs())
      .putHeader("Authorization", auth.serviceToken(serviceName))
      .putHeader("Content-Type", "application/json")
      .putHeader("X-Event-Id", msg.eventId())
      .putHeader("X-Request-Id", msg.eventId())
      .sendBuffer(msg.body().toBuffer());
  }

  private Future<Void> onAnswer(long id, String claim, int attempts, OutboxMessage msg, HttpResponse<Buffer> resp,
                               List<Delivered> accepted) {
    int status = resp.statusCode();
    if (status < 300) {
      delivered.increment();
      accepted.add(new Delivered(id, status));
      return Future.succeededFuture();
    }
    JsonObject body = parse(resp.body());
    Function<Rejection, Future<Void>> handler = rejectionHandlers.get(msg.destination());
    LOG.warn("{} -> {} {} {} rejected with HTTP {}", serviceName, msg.destination(), msg.method(), msg.path(), status);
    Future<Void> handled = handler == null ? Future.succeededFuture() : handler.apply(new Rejection(msg, status, body));
    return handled.transform(ar -> ar.succeeded()
      ? record(id, status, "rejected").compose(v -> mark(List.of(id), claim, "rejected", status))
      : retry(id, claim, attempts + 1, status, "rejection handler failed: " + ar.cause(), 1));
  }

  private Future<Void> mark(List<Long> ids, String claim, String status, int code) {
    Tuple args = Tuple.of(status, code, claim);
    ids.forEach(args::addLong);
    String in = String.join(", ", Collections.nCopies(ids.size(), "?"));
    return Database.retrying(vertx, () -> pool.preparedQuery(DONE + in + ")").execute(args)).mapEmpty();
  }

  private Future<Void> retry(long id, String claim, int attempt, Integer status, String error, int counted) {
    long delayMicros = options.backoffMs(attempt, ThreadLocalRandom.current().nextDouble()) * 1000;
    String err = error.length() > 480 ? error.substring(0, 480) : error;
    return record(id, status, err)
      .compose(v -> Database.retrying(vertx,
        () -> pool.preparedQuery(RETRY).execute(Tuple.of(counted, status, err, delayMicros, id, claim))))
      .mapEmpty();
  }

  private Future<Void> record(long id, Integer status, String error) {
    return Database.retrying(vertx, () -> pool.preparedQuery(ATTEMPT).execute(Tuple.of(id, relayId, status, error)))
      .mapEmpty();
  }

  private static JsonObject parse(Buffer body) {
    try {
      return body == null || body.length() == 0 ? new JsonObject() : body.toJsonObject();
    } catch (RuntimeException e) {
      return new JsonObject();
    }
  }

  private static final class UpstreamStatus extends RuntimeException {
    private final HttpResponse<Buffer> response;

    UpstreamStatus(HttpResponse<Buffer> response) {
      super("HTTP " + response.statusCode(), null, false, false);
      this.response = response;
    }
  }
}
