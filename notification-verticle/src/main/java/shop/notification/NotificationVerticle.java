package shop.notification;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shop.common.ServiceCore;
import shop.common.auth.Auth;
import shop.common.delivery.ClaimTable;
import shop.common.delivery.DeliveryEngine;

import java.lang.management.ManagementFactory;
import java.util.UUID;

/**
 * Wiring only: config → core (pool, auth) → mailer, user directory, delivery engine → routes → migrations
 * → listen, then the engine.
 */
public final class NotificationVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(NotificationVerticle.class);

  private final MeterRegistry metrics;
  private ServiceCore core;
  private Mailer mailer;
  private UserDirectory users;
  private Dispatcher dispatcher;
  private NotificationIntake intake;

  /** For tests and tools: its meters stay in a registry of its own, and {@code /metrics} answers 503. */
  public NotificationVerticle() {
    this(new SimpleMeterRegistry());
  }

  public NotificationVerticle(MeterRegistry metrics) {
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    NotificationConfig cfg = NotificationConfig.from(config());
    String instance = instanceName();
    core = new ServiceCore(vertx, config(), cfg.db(), metrics);
    Pool pool = core.pool();
    Auth auth = core.auth();
    mailer = new Mailer(vertx, cfg.smtp());
    users = new UserDirectory(vertx, cfg.name(), cfg.userService(), auth);
    EmailTemplates templates = new EmailTemplates(cfg.smtp().fromName(), cfg.currency());
    ClaimTable<Notification> table = Notification.table(vertx, pool);
    dispatcher = new Dispatcher(new DeliveryEngine<>(vertx, "notifications", table,
      new NotificationLedger(vertx, pool, table, instance, core.metrics()), new EmailSender(mailer, templates, users),
      cfg.delivery().options()));
    NotificationRepository notifications = new NotificationRepository(vertx, pool);
    intake = new NotificationIntake(vertx, notifications, dispatcher, cfg.delivery());
    Router router = new NotificationRoutes(auth, notifications, intake, dispatcher, templates, mailer)
      .mount(core.router(NotificationRoutes.OPENAPI));
    return core.migrate("db/notification")
      .compose(v -> core.listen(cfg.name(), cfg.port(), router))
      .onSuccess(s -> {
        dispatcher.start();
        LOG.info("notification instance {} up: SMTP {}:{} (real sending {}), {} attempts at most", instance,
          cfg.smtp().host(), cfg.smtp().port(), cfg.smtp().realSending() ? "on" : "off", cfg.delivery().maxAttempts());
      });
  }

  @Override
  public Future<?> stop() {
    // posts waiting for their group are stored, a round in progress ends (and settles), before the pool closes
    Future<Void> stored = intake == null ? Future.succeededFuture() : intake.drain();
    Future<Void> dispatched = stored.eventually(() -> dispatcher == null ? Future.succeededFuture() : dispatcher.stop());
    return dispatched.eventually(() -> {
      if (users != null) {
        users.close();
      }
      return core == null ? Future.<Void>succeededFuture() : core.stop();
    })
      .eventually(() -> mailer == null ? Future.succeededFuture() : mailer.close());
  }

  /** The port actually bound (tests listen on port 0). */
  public int port() {
    return core.port();
  }

  /** pid@host plus a short random part: one name per verticle instance, written in each attempt row. */
  private static String instanceName() {
    String jvm = ManagementFactory.getRuntimeMXBean().getName();
    String name = jvm + "-" + UUID.randomUUID().toString().substring(0, 8);
    return name.length() > 64 ? name.substring(name.length() - 64) : name;
  }
}
