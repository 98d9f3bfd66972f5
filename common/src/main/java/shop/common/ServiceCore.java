package shop.common;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import shop.common.auth.Auth;
import shop.common.auth.Revocations;
import shop.common.config.Config;
import shop.common.config.ConfigException;
import shop.common.db.Database;
import shop.common.db.DbConfig;
import shop.common.http.Deadline;
import shop.common.http.Http;
import shop.common.http.Ops;

/**
 * What every service verticle is built on, by composition: its database pool, the token
 * revocations it honours and the {@link Auth} that checks them, the router its routes are added to
 * (operational routes and the revocation route already on it), and its HTTP server. The verticle
 * builds its own collaborators on top and starts and stops this with them.
 */
public final class ServiceCore {

  private final Vertx vertx;
  private final JsonObject conf;
  private final DbConfig db;
  private final MeterRegistry metrics;
  private final Pool pool;
  private final Revocations revocations;
  private final Auth auth;
  private HttpServer server;

  /**
   * {@code conf}: the verticle's config ({@code SECRET_KEY}, {@code HOST}, …); {@code metrics}: the
   * registry {@code /metrics} scrapes.
   */
  public ServiceCore(Vertx vertx, JsonObject conf, DbConfig db, MeterRegistry metrics) {
    this.vertx = vertx;
    this.conf = conf;
    this.db = db;
    this.metrics = metrics;
    this.pool = Database.pool(vertx, db);
    this.revocations = new Revocations(vertx, pool, conf);
    this.auth = Auth.create(vertx, conf).checking(revocations);
  }

  public Pool pool() {
    return pool;
  }

  public Auth auth() {
    return auth;
  }

  public MeterRegistry metrics() {
    return metrics;
  }

  /**
   * A router with the operational routes ({@code openApiResource}: the OpenAPI document) and the
   * revocation route, answering every read within {@code REQUEST_TIMEOUT_MS} and every write within
   * {@code WRITE_TIMEOUT_MS} ({@link Deadline}).
   */
  public Router router(String openApiResource) {
    Deadline.Budget budget = new Deadline.Budget(
      atLeast100("REQUEST_TIMEOUT_MS", Deadline.Budget.DEFAULT.readMs()),
      atLeast100("WRITE_TIMEOUT_MS", Deadline.Budget.DEFAULT.writeMs()));
    return Ops.serviceRouter(vertx, pool, auth, openApiResource, metrics, budget);
  }

  private long atLeast100(String key, long def) {
    long ms = Config.longValue(conf, key, def);
    if (ms < 100) {
      throw new ConfigException(key + " must be at least 100");
    }
    return ms;
  }

  /** A schema some services share (the outbox's, the idempotency keys'), each with its own migration history. */
  public interface Schema {
    Future<Void> migrate(Vertx vertx, DbConfig db);
  }

  /**
   * Migrates the service's own schema ({@code classpath:location}), then the shared ones it uses
   * ({@code Outbox::migrate}, {@code Idempotency::migrate}), then {@code token_revocations}, which it
   * reads (and keeps reading) so a token revoked before the start is refused from the first request.
   */
  public Future<Void> migrate(String location, Schema... shared) {
    Future<Void> done = Database.migrate(vertx, db, location);
    for (Schema schema : shared) {
      done = done.compose(v -> schema.migrate(vertx, db));
    }
    return done.compose(v -> Revocations.migrate(vertx, db)).compose(v -> revocations.start());
  }

  /** {@code router} listening on {@code port} ({@link Http#listen}); the last step of a start. */
  public Future<HttpServer> listen(String name, int port, Router router) {
    return Http.listen(vertx, conf, name, port, router).onSuccess(s -> server = s);
  }

  /** Stops reading revocations, drains the server, then closes the pool. */
  public Future<Void> stop() {
    revocations.stop();
    return Http.drain(server).eventually(pool::close);
  }

  /** The port actually bound (tests listen on port 0). */
  public int port() {
    return server.actualPort();
  }
}
