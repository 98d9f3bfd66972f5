package shop.user;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shop.common.auth.Auth;
import shop.common.auth.Revocations;
import shop.common.db.Database;
import shop.common.http.Http;
import shop.common.http.Ops;
import shop.common.outbox.Outbox;
import shop.common.outbox.OutboxRelay;
import shop.common.outbox.RelayOptions;

/**
 * Wiring only: config → pool → migrations → revocations → admin bootstrap → routes → listen, plus
 * the outbox relay.
 */
public final class UserVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(UserVerticle.class);
  private static final long SWEEP_MS = 10 * 60_000;

  private Pool pool;
  private Passwords passwords;
  private OutboxRelay relay;
  private Revocations revocations;
  private HttpServer server;
  private long sweeper = -1;

  @Override
  public Future<?> start() {
    UserConfig cfg = UserConfig.from(config());
    pool = Database.pool(vertx, cfg.db());
    revocations = new Revocations(vertx, pool, config());
    Auth auth = Auth.create(vertx, config()).checking(revocations);
    passwords = new Passwords(vertx, new PasswordHasher(cfg.argon2()), cfg.hashWorkers(), cfg.hashQueueLimit());
    relay = new OutboxRelay(vertx, pool, auth, "user-service", cfg.services(), RelayOptions.from(config()),
      Ops.registry());
    UserRepository users = new UserRepository(pool);
    LoginThrottle throttle = new LoginThrottle(vertx, pool, cfg.throttle());
    AccountChanges changes = new AccountChanges(vertx, pool, relay::kick);
    Accounts accounts = new Accounts(vertx, users, passwords, throttle, auth, new WelcomeEmail(relay::kick), changes);
    UserRoutes routes = new UserRoutes(vertx, pool, auth, users, accounts, changes, cfg.proxies());
    return Database.migrate(vertx, cfg.db(), "db/user")
      .compose(v -> Outbox.migrate(vertx, cfg.db()))
      .compose(v -> Revocations.migrate(vertx, cfg.db()))
      .compose(v -> revocations.start())
      .compose(v -> passwords.init())
      .compose(v -> bootstrapAdmin(cfg, changes))
      .compose(v -> Http.listen(vertx, config(), cfg.port(), routes.router()))
      .onSuccess(s -> {
        server = s;
        relay.start();
        sweeper = vertx.setPeriodic(SWEEP_MS, id -> throttle.sweep()
          .onFailure(err -> LOG.warn("login counter sweep failed: {}", err.toString())));
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
    vertx.cancelTimer(sweeper);
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
