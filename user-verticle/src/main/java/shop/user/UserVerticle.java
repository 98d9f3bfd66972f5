package shop.user;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import shop.common.Sweeper;
import shop.common.auth.Auth;
import shop.common.auth.Revocations;
import shop.common.db.Database;
import shop.common.http.Http;
import shop.common.http.Ops;
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
  private Pool pool;
  private Passwords passwords;
  private OutboxRelay relay;
  private Revocations revocations;
  private Sweeper sweeper;
  private HttpServer server;

  /** For tests and tools: the verticle's meters stay in a registry of its own, and {@code /metrics} answers 503. */
  public UserVerticle() {
    this(new SimpleMeterRegistry());
  }

  /** {@code metrics}: the process's registry, which {@code /metrics} scrapes. */
  public UserVerticle(MeterRegistry metrics) {
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    UserConfig cfg = UserConfig.from(config());
    pool = Database.pool(vertx, cfg.db());
    revocations = new Revocations(vertx, pool, config());
    Auth auth = Auth.create(vertx, config()).checking(revocations);
    passwords = new Passwords(vertx, new PasswordHasher(cfg.argon2()), cfg.hashWorkers(), cfg.hashQueueLimit());
    relay = new OutboxRelay(vertx, pool, auth, cfg.name(), cfg.services(), RelayOptions.from(config()));
    UserRepository users = new UserRepository(pool);
    LoginThrottle throttle = new LoginThrottle(vertx, pool, cfg.throttle());
    AccountChanges changes = new AccountChanges(vertx, pool, relay::kick);
    Accounts accounts = new Accounts(vertx, users, passwords, throttle, auth, new WelcomeEmail(relay::kick), changes);
    Router router = new UserRoutes(auth, users, accounts, changes, cfg.proxies())
      .mount(Ops.serviceRouter(vertx, pool, auth, UserRoutes.OPENAPI, metrics));
    sweeper = new Sweeper(vertx, "login counter sweep", SWEEP_MS, throttle::sweep);
    return Database.migrate(vertx, cfg.db(), "db/user")
      .compose(v -> Outbox.migrate(vertx, cfg.db()))
      .compose(v -> Revocations.migrate(vertx, cfg.db()))
      .compose(v -> revocations.start())
      .compose(v -> passwords.init())
      .compose(v -> bootstrapAdmin(cfg, changes))
      .compose(v -> Http.listen(vertx, config(), cfg.name(), cfg.port(), router))
      .onSuccess(s -> {
        server = s;
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
    return new AdminBootstrap(pool, passwords, changes).run(cfg.adminEmail(), cfg.adminPassword(), cfg.adminUsername())
      .mapEmpty();
  }

  @Override
  public Future<?> stop() {
    if (sweeper != null) {
      sweeper.stop();
    }
    if (revocations != null) {
      revocations.stop();
    }
    vertx.sharedData().getLocalMap("shop.user.admin-bootstrap").remove(deploymentID());
    Future<Void> relayStopped = relay == null ? Future.succeededFuture() : relay.stop();
    return relayStopped
      .eventually(() -> Http.drain(server))
      .eventually(() -> passwords == null ? Future.succeededFuture() : passwords.close())
      .eventually(() -> pool == null ? Future.succeededFuture() : pool.close());
  }

  /** The port actually bound (tests listen on port 0). */
  public int port() {
    return server.actualPort();
  }
}
