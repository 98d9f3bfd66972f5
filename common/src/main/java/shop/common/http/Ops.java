package shop.common.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.backends.BackendRegistries;
import io.vertx.sqlclient.Pool;
import shop.common.auth.Auth;
import shop.common.auth.Revocations;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/** The operational routes every service has: {@code /health}, {@code /health/live}, {@code /metrics}, {@code /openapi.json}. */
public final class Ops {

  /**
   * How long {@code /health} waits for {@code SELECT 1}. The query gives up first and reports the
   * database down (503); left to the health-check's own timeout it would count as a failed
   * procedure, which the handler answers 500.
   */
  private static final long DB_CHECK_MS = 1_500;
  private static final long CHECK_TIMEOUT_MS = DB_CHECK_MS + 1_000;

  private Ops() {
  }

  /** {@link #serviceRouter(Vertx, Pool, Auth, String, MeterRegistry, Deadline.Budget)} with the default deadlines. */
  public static Router serviceRouter(Vertx vertx, Pool pool, Auth auth, String openApiResource, MeterRegistry metrics) {
    return serviceRouter(vertx, pool, auth, openApiResource, metrics, Deadline.Budget.DEFAULT);
  }

  /**
   * The router a service starts from: {@link Http#router} (every request answered within
   * {@code budget}), these operational routes, and the revocation route every service takes
   * announcements on ({@link Revocations#mount}).
   */
  public static Router serviceRouter(Vertx vertx, Pool pool, Auth auth, String openApiResource, MeterRegistry metrics,
                                     Deadline.Budget budget) {
    Router router = Http.router(vertx, budget);
    mount(router, vertx, pool, openApiResource, metrics);
    Revocations.mount(router, auth, pool);
    return router;
  }

  /** {@code /metrics} scrapes {@code metrics} when it is Prometheus's (a service's {@code main}), else answers 503. */
  public static void mount(Router router, Vertx vertx, Pool pool, String openApiResource, MeterRegistry metrics) {
    HealthChecks checks = HealthChecks.create(vertx);
    if (pool != null) {
      checks.register("database", CHECK_TIMEOUT_MS, p -> pool.query("SELECT 1").execute()
        .timeout(DB_CHECK_MS, TimeUnit.MILLISECONDS)
        .onComplete(ar -> p.tryComplete(ar.succeeded() ? Status.OK()
          : Status.KO(new JsonObject().put("error", "database not reachable")))));
    }
    router.get("/health").handler(HealthCheckHandler.createWithHealthChecks(checks));
    router.get("/health/live").handler(ctx -> Http.json(ctx, 200, new JsonObject().put("status", "UP")));

    if (metrics instanceof PrometheusMeterRegistry prometheus) {
      router.get("/metrics").handler(PrometheusScrapingHandler.create(prometheus));
    } else {
      router.get("/metrics").handler(ctx -> ctx.fail(new ApiError(503, "metrics_disabled",
        "Metrics are not enabled in this process")));
    }

    Buffer openApi = resource(openApiResource);
    router.get("/openapi.json").handler(ctx -> ctx.response()
      .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
      .end(openApi));
  }

  public static Buffer resource(String name) {
    try (InputStream in = Ops.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
