package shop.common.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Deadlines for clients that send slowly (slowloris): a connection's request headers must be
 * complete within {@code headersMs} of the connection falling idle (opened, or its last response
 * sent), and a request's body within {@code bodyMs} of its headers; otherwise the connection is
 * closed. The server's idle timeout cannot do this: every byte resets it, and a client dripping a
 * byte every few seconds would hold the connection for ever. The time the service itself takes to
 * answer is not counted. Checked every quarter of the shorter deadline, so a connection is cut
 * within about 1.25 times its deadline.
 */
final class SlowClients {

  private static final Logger LOG = LoggerFactory.getLogger(SlowClients.class);

  /** Where one connection is: waiting for headers since {@code idleSince}, or serving {@code current}. */
  private static final class State {
    volatile long idleSince;
    volatile HttpServerRequest current;
    volatile long requestStart;
    volatile boolean bodyReceived;
    /** The server is shutting down: close the connection as soon as it has no request in flight. */
    volatile boolean draining;

    State(long now) {
      idleSince = now;
    }
  }

  private final long headersMs;
  private final long bodyMs;

  SlowClients(long headersMs, long bodyMs) {
    this.headersMs = headersMs;
    this.bodyMs = bodyMs;
  }

  /**
   * Installs the deadlines on {@code server} around {@code handler}. Each connection has a timer
   * that looks at it every quarter of the shorter deadline while it is open.
   */
  HttpServer guard(Vertx vertx, HttpServer server, Handler<HttpServerRequest> handler) {
    Map<HttpConnection, State> connections = new ConcurrentHashMap<>();
    long every = Math.max(50, Math.min(headersMs, bodyMs) / 4);
    server.connectionHandler(conn -> {
      State s = new State(System.currentTimeMillis());
      connections.put(conn, s);
      long timer = vertx.setPeriodic(every, id -> check(conn, s, System.currentTimeMillis()));
      conn.closeHandler(v -> {
        vertx.cancelTimer(timer);
        connections.remove(conn);
      });
      // a stopping server waits for its connections to close: an idle keep-alive one would hold
      // the drain for its whole grace, so it is closed now, and a busy one after its response
      conn.shutdownHandler(v -> {
        s.draining = true;
        HttpServerRequest req = s.current;
        if (req == null || req.response().ended()) {
          conn.close();
        }
      });
    });
    server.requestHandler(req -> {
      State s = connections.get(req.connection());
      if (s != null) {
        s.current = req;
        s.requestStart = System.currentTimeMillis();
        s.bodyReceived = false;
        req.end().onComplete(ar -> s.bodyReceived = true);
        req.response().endHandler(v -> {
          if (s.draining) {
            req.connection().close();
          }
        });
      }
      handler.handle(req);
    });
    return server;
  }

  private void check(HttpConnection conn, State s, long now) {
    HttpServerRequest req = s.current;
    if (req != null && req.response().ended()) {
      s.current = null;
      s.idleSince = now;
      req = null;
    }
    if (req == null && s.draining) {
      cut(conn, "the server is stopping");
    } else if (req == null && now - s.idleSince > headersMs) {
      cut(conn, "no complete request headers within " + headersMs + " ms");
    } else if (req != null && !s.bodyReceived && now - s.requestStart > bodyMs) {
      cut(conn, "request body not complete within " + bodyMs + " ms");
    }
  }

  private static void cut(HttpConnection conn, String why) {
    LOG.debug("closing connection from {}: {}", conn.remoteAddress(), why);
    conn.close();
  }
}
