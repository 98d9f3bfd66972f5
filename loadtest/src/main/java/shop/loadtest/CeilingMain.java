package shop.loadtest;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.mysqlclient.MySQLBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import shop.common.ServiceMain;
import shop.common.config.Config;
import shop.common.db.Database;
import shop.common.db.DbConfig;

/**
 * The ceilings the services are measured against, run as their own process with the services'
 * JVM flags and {@code INSTANCES}: {@code GET /json} (bare Vert.x, no database) and
 * {@code GET /db/{id}} (one prepared primary-key lookup of a product row through
 * {@link Database#pool}, exactly the services' pool), plus {@code GET /db-pipelined/{id}}
 * through a pipelined {@code MySQLBuilder.client()}, to show what pipelining would give reads.
 */
public final class CeilingMain {

  private CeilingMain() {
  }

  public static void main(String[] args) {
    JsonObject conf = Config.withEnv(new JsonObject());
    // no metrics: this is the bare ceiling; the services pay for theirs, and the ratio shows it
    Vertx vertx = Vertx.vertx();
    vertx.deployVerticle(CeilingVerticle::new, new DeploymentOptions().setConfig(conf)
        .setInstances(ServiceMain.instances(conf)))
      .onFailure(err -> {
        System.err.println("ceiling failed to start: " + err);
        System.exit(1);
      });
  }

  static final class CeilingVerticle extends VerticleBase {

    private static final String FIND = "SELECT id, name, description, price, stock, currency FROM products WHERE id = ?";
    private static final Buffer HELLO = new JsonObject().put("message", "Hello, World!").toBuffer();

    private Pool pool;
    private SqlClient pipelined;

    @Override
    public Future<?> start() {
      DbConfig db = DbConfig.from(config(), "product_db");
      pool = Database.pool(vertx, db);
      pipelined = MySQLBuilder.client()
        .with(new PoolOptions().setMaxSize(db.poolSize()).setMaxWaitQueueSize(db.waitQueueSize()))
        .connectingTo(Database.connectOptions(db).setPipeliningLimit(
          Config.integer(config(), "CEILING_PIPELINING_LIMIT", 16)))
        .using(vertx)
        .build();
      return vertx.createHttpServer(new HttpServerOptions().setPort(Config.integer(config(), "PORT", 15010)))
        .requestHandler(req -> {
          String path = req.path();
          if (path.equals("/json")) {
            req.response().putHeader("Content-Type", "application/json").end(HELLO);
          } else if (path.startsWith("/db/")) {
            lookup(pool, req, path.substring(4));
          } else if (path.startsWith("/db-pipelined/")) {
            lookup(pipelined, req, path.substring(14));
          } else if (path.equals("/health")) {
            req.response().end("{\"status\":\"UP\"}");
          } else {
            req.response().setStatusCode(404).end();
          }
        })
        .listen();
    }

    private static void lookup(SqlClient client, io.vertx.core.http.HttpServerRequest req, String rawId) {
      long id;
      try {
        id = Long.parseLong(rawId);
      } catch (NumberFormatException e) {
        req.response().setStatusCode(400).end();
        return;
      }
      client.preparedQuery(FIND).execute(Tuple.of(id)).onComplete(ar -> {
        if (ar.failed()) {
          req.response().setStatusCode(503).end();
        } else if (ar.result().size() == 0) {
          req.response().setStatusCode(404).end();
        } else {
          req.response().putHeader("Content-Type", "application/json")
            .end(ar.result().iterator().next().toJson().toBuffer());
        }
      });
    }
  }
}
