package shop.common.idempotency;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shop.common.db.Database;
import shop.common.db.DbConfig;
import shop.common.error.DomainException;
import shop.common.http.ApiError;
import shop.common.http.ErrorHandler;
import shop.common.http.Reply;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The {@code Idempotency-Key} of docs/API.md: the first response to (scope, user, key, body) is stored and
 * replayed with {@code Idempotent-Replayed: true}; the same key with another body is 422; the
 * same key while the first request still runs is 409. Claiming is an INSERT on the primary key,
 * so two concurrent requests can never both run. Server failures (5xx) free the key for a retry
 * (behind the answer: a retry within milliseconds may still find it in flight, 409).
 */
public final class Idempotency {

  private static final Logger LOG = LoggerFactory.getLogger(Idempotency.class);

  public static final String HEADER = "Idempotency-Key";
  public static final String REPLAYED = "Idempotent-Replayed";
  private static final int IN_FLIGHT_SECONDS = 60;

  private static final String CLAIM = "INSERT INTO idempotency_keys "
    + "(scope, user_id, idem_key, request_hash, status, locked_until, created_at) "
    + "VALUES (?, ?, ?, ?, 'in_flight', UTC_TIMESTAMP(3) + INTERVAL " + IN_FLIGHT_SECONDS + " SECOND, UTC_TIMESTAMP(3))";
  private static final String FIND = "SELECT request_hash, status, response_status, response_body, "
    + "locked_until < UTC_TIMESTAMP(3) AS stale FROM idempotency_keys WHERE scope = ? AND user_id = ? AND idem_key = ?";
  private static final String TAKE_OVER = "UPDATE idempotency_keys SET locked_until = UTC_TIMESTAMP(3) + INTERVAL "
    + IN_FLIGHT_SECONDS + " SECOND WHERE scope = ? AND user_id = ? AND idem_key = ? AND status = 'in_flight' "
    + "AND locked_until < UTC_TIMESTAMP(3)";
  private static final String COMPLETE = "UPDATE idempotency_keys SET status = 'done', response_status = ?, "
    + "response_body = ? WHERE scope = ? AND user_id = ? AND idem_key = ?";
  private static final String FORGET = "DELETE FROM idempotency_keys WHERE scope = ? AND user_id = ? AND idem_key = ? "
    + "AND status = 'in_flight'";

  private final Pool pool;

  public Idempotency(Pool pool) {
    this.pool = pool;
  }

  public static Future<Void> migrate(Vertx vertx, DbConfig db) {
    return Database.migrate(vertx, db, "db/idempotency", "flyway_idempotency_history");
  }

  /**
   * Runs {@code work} at most once per {@code key} (the request's {@code Idempotency-Key}; without
   * one it simply runs) and answers the reply to write: the work's own, or the first one replayed
   * with {@code Idempotent-Replayed: true}.
   */
  public Future<Reply> run(String key, String scope, long userId, JsonObject body, Supplier<Future<Reply>> work) {
    if (key == null) {
      return work.get();
    }
    if (key.isBlank() || key.length() > 255) {
      return Future.failedFuture(ApiError.badRequest("invalid_idempotency_key",
        "Idempotency-Key must be 1 to 255 characters"));
    }
    String hash = hash(body);
    Tuple id = Tuple.of(scope, userId, key);
    return pool.preparedQuery(CLAIM).execute(Tuple.of(scope, userId, key, hash))
      .transform(ar -> {
        if (ar.succeeded()) {
          return runAndStore(id, work);
        }
        if (!Database.isDuplicateKey(ar.cause())) {
          return Future.failedFuture(ar.cause());
        }
        return pool.preparedQuery(FIND).execute(id).compose(rows -> existing(rows.iterator().next(), hash, id, work));
      });
  }

  private Future<Reply> existing(Row row, String hash, Tuple id, Supplier<Future<Reply>> work) {
    if (!hash.equals(row.getString("request_hash"))) {
      return Future.failedFuture(ApiError.unprocessable("idempotency_key_reused",
        "This Idempotency-Key was already used with a different request body"));
    }
    if ("done".equals(row.getString("status"))) {
      return Future.succeededFuture(Reply.of(row.getInteger("response_status"),
        new JsonObject(row.getString("response_body"))).withHeader(REPLAYED, "true"));
    }
    if (row.getBoolean("stale")) {
      return pool.preparedQuery(TAKE_OVER).execute(id).compose(res -> res.rowCount() == 1
        ? runAndStore(id, work)
        : Future.failedFuture(inFlight()));
    }
    return Future.failedFuture(inFlight());
  }

  private static ApiError inFlight() {
    return ApiError.conflict("idempotency_in_flight", "A request with this Idempotency-Key is still being processed");
  }

  /** Stores the reply, or the answer to a failure the client caused (4xx); a server failure frees the key. */
  private Future<Reply> runAndStore(Tuple id, Supplier<Future<Reply>> work) {
    Future<Reply> run;
    try {
      run = work.get();
    } catch (RuntimeException e) {
      run = Future.failedFuture(e);
    }
    return run.transform(ar -> {
      Reply reply = ar.succeeded() ? ar.result() : clientError(ar.cause());
      if (reply == null) {
        // answered at once: with the database silent, freeing the key is a second bounded wait after the failed one
        pool.preparedQuery(FORGET).execute(id).onFailure(e -> LOG.warn("idempotency key {}/{} not freed: {}",
          id.getValue(0), id.getValue(1), e.toString()));
        return Future.<Reply>failedFuture(ar.cause());
      }
      return pool.preparedQuery(COMPLETE)
        .execute(Tuple.of(reply.status(), reply.body().encode(), id.getValue(0), id.getValue(1), id.getValue(2)))
        .map(reply);
    });
  }

  /** The answer to a refusal (the request's fault, so it stands on a retry), or null for anything else. */
  private static Reply clientError(Throwable err) {
    if (!(err instanceof ApiError || err instanceof DomainException)) {
      return null;
    }
    ApiError answer = ErrorHandler.toApiError(err);
    return answer.status() < 500 ? Reply.of(answer.status(), answer.body()) : null;
  }

  /** The request's identity: a hash of its parsed body in canonical form, so key order and spacing do not count. */
  static String hash(JsonObject body) {
    return sha256(canonical(body == null ? new JsonObject() : body));
  }

  /** Objects with their keys sorted, numbers by value ({@code 1}, {@code 1.0} and {@code 1.00} alike), recursively. */
  public static String canonical(Object value) {
    if (value instanceof JsonObject o) {
      StringBuilder out = new StringBuilder("{");
      new TreeSet<>(o.fieldNames()).forEach(k -> out.append(out.length() > 1 ? "," : "")
        .append(Json.encode(k)).append(':').append(canonical(o.getValue(k))));
      return out.append('}').toString();
    }
    if (value instanceof JsonArray a) {
      StringBuilder out = new StringBuilder("[");
      for (int i = 0; i < a.size(); i++) {
        out.append(i > 0 ? "," : "").append(canonical(a.getValue(i)));
      }
      return out.append(']').toString();
    }
    if (value instanceof Number n) {
      BigDecimal d = n instanceof BigDecimal b ? b : new BigDecimal(n.toString());
      return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }
    return Json.encode(value);
  }

  private static String sha256(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
