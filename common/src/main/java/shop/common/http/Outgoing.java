package shop.common.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/** WebClients for calls to other services: keep-alive, bounded pools, timeouts set per call. */
public final class Outgoing {

  public static final long DEFAULT_TIMEOUT_MS = 3_000;
  static final int KEEP_ALIVE_SECONDS = 5;

  private Outgoing() {
  }

  public static WebClient client(Vertx vertx, String userAgent) {
    return WebClient.create(vertx, new WebClientOptions()
      .setUserAgent(userAgent)
      .setKeepAlive(true)
      // below the services' 10 s for the next request's headers: a pooled connection is dropped
      // here before the other side closes it, never reused while that close is on its way
      .setKeepAliveTimeout(KEEP_ALIVE_SECONDS)
      .setConnectTimeout(2_000)
      .setIdleTimeout(60)
      .setTcpNoDelay(true),
      new PoolOptions().setHttp1MaxSize(64).setMaxWaitQueueSize(1024));
  }
}
