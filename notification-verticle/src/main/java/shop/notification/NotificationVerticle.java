package shop.notification;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shop.common.auth.Auth;
import shop.common.auth.Revocations;
import shop.common.db.Database;
import shop.common.http.Http;
import shop.common.http.Ops;

import java.lang.management.ManagementFactory;
import java.util.UUID;

/** Wiring only: config → pool → mailer, user directory, dispatcher → routes → migrations → listen, then the dispatcher. */
public final class NotificationVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(NotificationVerticle.class);

  private final MeterRegistry metrics;
  private Pool pool;
  private Revocations revocations;
  private HttpServer server;
  private Mailer mailer;
  private UserDirectory users;
  private Dispatcher dispatcher;

  /** For tests and tools: the verticle's meters stay in a registry of its own, and {@code /metrics} answers 503. */
  public NotificationVerticle() {
    this(new SimpleMeterRegistry());
  }

  /** {@code metrics}: the process's registry, which {@code /metrics} scrapes. */
  public NotificationVerticle(MeterRegistry metrics) {
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    NotificationConfig cfg = NotificationConfig.from(config());
    String instance = instanceName();
    pool = Database.pool(vertx, cfg.db());
    revocations = new Revocations(vertx, pool, config());
    Auth auth = Auth.create(vertx, config()).checking(revocations);
    mailer = new Mailer(vertx, cfg.smtp());
    users = new UserDirectory(vertx, cfg.name(), cfg.userService(), auth);
    EmailTemplates templates = new EmailTemplates(cfg.smtp().fromName(), cfg.currency());
    dispatcher = new Dispatcher(vertx, new DeliveryQueue(vertx, pool, instance), mailer, templates, users,
      cfg.delivery());
    Router router = new NotificationRoutes(auth, new NotificationRepository(pool), dispatcher, templates, mailer)
      .mount(Ops.serviceRouter(vertx, pool, auth, NotificationRoutes.OPENAPI, metrics));
    return Database.migrate(vertx, cfg.db(), "db/notification")
      .compose(v -> Revocations.migrate(vertx, cfg.db()))
      .compose(v -> revocations.start())
      .compose(v -> Http.listen(vertx, config(), cfg.name(), cfg.port(), router))
      .onSuccess(s -> {
        server = s;
        dispatcher.start();
        LOG.info("notification instance {} up: SMTP {}:{} (real sending {}), {} attempts at most", instance,
          cfg.smtp().host(), cfg.smtp().port(), cfg.smtp().realSending() ? "on" : "off", cfg.delivery().maxAttempts());
      });
  }

  @Override
  public Future<?> stop() {
    if (dispatcher != null) {
      dispatcher.stop();
    }
    if (revocations != null) {
      revocations.stop();
    }
    if (users != null) {
      users.close();
    }
    return Http.drain(server)
      .eventually(() -> mailer == null ? Future.succeededFuture() : mailer.close())
      .eventually(() -> pool == null ? Future.succeededFuture() : pool.close());
  }

  /** The port actually bound (tests listen on port 0). */
  public int port() {
    return server.actualPort();
  }

  /** pid@host plus a short random part: one name per verticle instance, written in each attempt row. */
  private static String instanceName() {
    String jvm = ManagementFactory.getRuntimeMXBean().getName();
    String name = jvm + "-" + UUID.randomUUID().toString().substring(0, 8);
    return name.length() > 64 ? name.substring(name.length() - 64) : name;
  }
}
