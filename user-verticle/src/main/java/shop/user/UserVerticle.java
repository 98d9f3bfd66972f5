package shop.user;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import shop.common.ServiceCore;
import shop.common.Sweeper;
import shop.common.auth.Auth;
import shop.common.outbox.Outbox;
import shop.common.outbox.OutboxRelay;
import shop.common.outbox.RelayOptions;

/**
 * Wiring only: config → pool → relay → repository, passwords, throttle, accounts → routes →
 * migrations → admin bootstrap → listen, then the relay and the login-counter sweeper.
 */
public final class UserVerticle extends VerticleBase {

  private static final long SWEEP_MS = 10 * 60_000;

  private final MeterRegistry metrics;
  private ServiceCore core;
  private Passwords passwords;
  private OutboxRelay relay;
  private Sweeper sweeper;

  /** For tests and tools: its meters stay in a registry of its own, and {@code /metrics} answers 503. */
  public UserVerticle() {
    this(new SimpleMeterRegistry());
  }

  public UserVerticle(MeterRegistry metrics) {
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    UserConfig cfg = UserConfig.from(config());
    core = new ServiceCore(vertx, config(), cfg.db(), metrics);
    Pool pool = core.pool();
    Auth auth = core.auth();
    passwords = new Passwords(vertx, new PasswordHasher(cfg.argon2()), cfg.hashWorkers(), cfg.hashQueueLimit());
    relay = new OutboxRelay(vertx, pool, auth, cfg.name(), cfg.services(), RelayOptions.from(config()), metrics);
    UserRepository users = new UserRepository(pool);
    LoginThrottle throttle = new LoginThrottle(vertx, pool, cfg.throttle());
    AccountChanges changes = new AccountChanges(vertx, pool, relay::kick);
    Accounts accounts = new Accounts(vertx, users, passwords, throttle, auth, new WelcomeEmail(relay::kick), changes);
    Router router = new UserRoutes(auth, users, accounts, changes, cfg.proxies())
      .mount(core.router(UserRoutes.OPENAPI));
    sweeper = new Sweeper(vertx, "login counter sweep", SWEEP_MS, throttle::sweep);
    return core.migrate("db/user", Outbox::migrate)
      .compose(v -> passwords.init())
      .compose(v -> bootstrapAdmin(cfg, changes))
      .compose(v -> core.listen(cfg.name(), cfg.port(), router))
      .onSuccess(s -> {
        relay.start();
        sweeper.start();
      });
  }

  /** One instance per deployment does it; the upsert makes other processes starting together harmless. */
  private Future<Void> bootstrapAdmin(UserConfig cfg, AccountChanges changes) {
    if (cfg.adminEmail() == null) {
      return Future.succeededFuture();
    }
    // instances of one deployment share its id: the first to get here does the work
    LocalMap<String, Boolean> once = vertx.sharedData().getLocalMap("shop.user.admin-bootstrap");
    if (once.putIfAbsent(deploymentID(), true) != null) {
      return Future.succeededFuture();
    }
    return new AdminBootstrap(core.pool(), passwords, changes)
      .run(cfg.adminEmail(), cfg.adminPassword(), cfg.adminUsername())
      .mapEmpty();
  }

  @Override
  public Future<?> stop() {
    if (sweeper != null) {
      sweeper.stop();
    }
    vertx.sharedData().getLocalMap("shop.user.admin-bootstrap").remove(deploymentID());
    Future<Void> relayStopped = relay == null ? Future.succeededFuture() : relay.stop();
    return relayStopped
      .eventually(() -> core == null ? Future.succeededFuture() : core.stop())
      .eventually(() -> passwords == null ? Future.succeededFuture() : passwords.close());
  }

  /** The port actually bound (tests listen on port 0). */
  public int port() {
    return core.port();
  }
}
