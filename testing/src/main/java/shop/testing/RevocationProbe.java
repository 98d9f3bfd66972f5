package shop.testing;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import shop.common.auth.Auth;
import shop.common.auth.Principal;
import shop.common.auth.Revocations;
import shop.common.config.Config;
import shop.common.db.Database;
import shop.common.db.DbConfig;
import shop.common.http.Http;

/**
 * A small service wired for token revocation exactly as the real ones are (its own database with
 * {@code token_revocations}, the internal route, the refresher, {@link Auth#checking}), answering
 * {@code GET /whoami} for any valid token: a stand-in "other service" for the user service's tests.
 */
public final class RevocationProbe extends VerticleBase {

  private Pool pool;
  private Revocations revocations;
  private HttpServer server;

  @Override
  public Future<?> start() {
    DbConfig db = DbConfig.from(config(), "probe_db");
    pool = Database.pool(vertx, db);
    revocations = new Revocations(vertx, pool, config());
    Auth auth = Auth.create(vertx, config()).checking(revocations);
    Router router = Http.router(vertx);
    Revocations.mount(router, auth, pool);
    router.get("/whoami").handler(auth.authenticate()).handler(ctx -> {
      Principal p = Auth.principal(ctx);
      Http.json(ctx, 200, new JsonObject().put("sub", p.subject()).put("user_id", p.userId()));
    });
    return Revocations.migrate(vertx, db)
      .compose(v -> revocations.start())
      .compose(v -> Http.listen(vertx, config(), "revocation-probe", Config.integer(config(), "PORT", 0), router))
      .onSuccess(s -> server = s);
  }

  @Override
  public Future<?> stop() {
    if (revocations != null) {
      revocations.stop();
    }
    return Http.drain(server).eventually(() -> pool == null ? Future.succeededFuture() : pool.close());
  }

  public int port() {
    return server.actualPort();
  }
}
