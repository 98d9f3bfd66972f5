package shop.loadtest;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import shop.common.ServiceMain;
import shop.common.config.Config;

import java.util.Set;

/**
 * A minimal edge for the benchmark's journey: one port that forwards {@code /orders…} to the order
 * service and {@code /payments…} to the payment service (the way nginx or the launcher's edge does),
 * so one wrk connection can place an order and then pay it. Keep-alive to the services, 5 s timeout.
 * With replicas ({@code ORDER_PORTS=15002,15032}, {@code PAYMENT_PORTS=…}) each request goes to the
 * next replica in turn, as nginx's default upstream balancing does.
 */
public final class EdgeMain {

  private EdgeMain() {
  }

  public static void main(String[] args) {
    JsonObject conf = Config.withEnv(new JsonObject());
    Vertx vertx = Vertx.vertx();
    vertx.deployVerticle(EdgeVerticle::new, new DeploymentOptions().setConfig(conf)
        .setInstances(ServiceMain.instances(conf)))
      .onFailure(err -> {
        System.err.println("edge failed to start: " + err);
        System.exit(1);
      });
  }

  static final class EdgeVerticle extends VerticleBase {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding",
      "host", "content-length", "upgrade");

    private HttpClient client;
    private RoundRobin orders;
    private RoundRobin payments;

    @Override
    public Future<?> start() {
      orders = new RoundRobin(RoundRobin.parsePorts(config().getString("ORDER_PORTS"),
        Config.integer(config(), "ORDER_PORT", 5002)));
      payments = new RoundRobin(RoundRobin.parsePorts(config().getString("PAYMENT_PORTS"),
        Config.integer(config(), "PAYMENT_PORT", 5003)));
      client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setDefaultHost("127.0.0.1"),
        new PoolOptions().setHttp1MaxSize(Config.integer(config(), "EDGE_POOL_SIZE", 64)));
      return vertx.createHttpServer(new HttpServerOptions().setPort(Config.integer(config(), "PORT", 15020)))
        .requestHandler(this::forward)
        .listen();
    }

    private void forward(HttpServerRequest req) {
      String path = req.path();
      int port = path.startsWith("/orders") ? orders.next() : path.startsWith("/payments") ? payments.next() : -1;
      if (port < 0) {
        req.response().setStatusCode(path.equals("/health") ? 200 : 404).end();
        return;
      }
      req.body()
        .compose(body -> client.request(new RequestOptions().setMethod(req.method()).setPort(port)
            .setURI(req.uri()).setHeaders(copy(req.headers())).setTimeout(5_000))
          .compose(out -> out.send(body)))
        .compose(res -> res.body().map(b -> {
          req.response().setStatusCode(res.statusCode()).headers().addAll(copy(res.headers()));
          return b;
        }))
        .onComplete(ar -> {
          if (ar.succeeded()) {
            req.response().end(ar.result());
          } else if (!req.response().ended()) {
            req.response().setStatusCode(502).end();
          }
        });
    }

    private static MultiMap copy(MultiMap in) {
      MultiMap out = MultiMap.caseInsensitiveMultiMap();
      in.forEach((k, v) -> {
        if (!HOP_BY_HOP.contains(k.toLowerCase())) {
          out.add(k, v);
        }
      });
      return out;
    }
  }
}
