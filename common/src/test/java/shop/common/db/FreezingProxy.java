package shop.common.db;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import shop.testing.Await;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy between a pool and the database that can freeze: while frozen it keeps every socket
 * open and accepts new ones, but forwards nothing (bytes wait in the proxy, as in a partition that
 * later heals). A connection closed by either side meanwhile is closed on the other side and what
 * it had sent is dropped, so the server sees the client go away and rolls back, unless the
 * freeze is a {@link #partition()}.
 */
final class FreezingProxy {

  private final Vertx vertx;
  private final NetServer server;
  private final NetClient client;
  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private volatile boolean frozen;
  private volatile boolean partitioned;

  private FreezingProxy(Vertx vertx, NetServer server, NetClient client) {
    this.vertx = vertx;
    this.server = server;
    this.client = client;
  }

  static FreezingProxy start(Vertx vertx, String targetHost, int targetPort) {
    NetClient client = vertx.createNetClient();
    NetServer server = vertx.createNetServer();
    FreezingProxy proxy = new FreezingProxy(vertx, server, client);
    server.connectHandler(downstream -> {
      downstream.pause();
      client.connect(targetPort, targetHost).onComplete(ar -> {
        if (ar.failed()) {
          downstream.close();
          return;
        }
        proxy.links.add(new Link(proxy, downstream, ar.result()));
        downstream.resume();
      });
    });
    Await.result(server.listen(0, "127.0.0.1"));
    return proxy;
  }

  int port() {
    return server.actualPort();
  }

  /** Stops forwarding in both directions; sockets stay open. */
  void freeze() {
    frozen = true;
  }

  /**
   * Freezes as a partition does: the client's socket closing is not passed on either, so the
   * server keeps the session, and whatever transaction it had open, until it gives up on its own.
   */
  void partition() {
    partitioned = true;
    frozen = true;
  }

  /** Forwards what waited, then everything as before. */
  void thaw() {
    frozen = false;
    links.forEach(Link::flush);
  }

  void close() {
    links.forEach(Link::close);
    Await.result(server.close());
    Await.result(client.close());
  }

  /** One client connection and its connection to the server. */
  private static final class Link {
    private final FreezingProxy proxy;
    private final NetSocket down;
    private final NetSocket up;
    private final List<Buffer> toUp = new ArrayList<>();
    private final List<Buffer> toDown = new ArrayList<>();
    /** Both sockets' event loop: held bytes are written from it, so they never overtake newer ones. */
    private final Context context;

    Link(FreezingProxy proxy, NetSocket down, NetSocket up) {
      this.proxy = proxy;
      this.context = proxy.vertx.getOrCreateContext();
      this.down = down;
      this.up = up;
      down.handler(b -> send(b, toUp, up));
      up.handler(b -> send(b, toDown, down));
      down.closeHandler(v -> {
        if (!proxy.partitioned) {
          close();
        }
      });
      up.closeHandler(v -> close());
    }

    private void send(Buffer b, List<Buffer> held, NetSocket to) {
      synchronized (this) {
        if (proxy.frozen || !held.isEmpty()) {
          held.add(b);
          return;
        }
      }
      to.write(b);
    }

    void flush() {
      context.runOnContext(v -> {
        synchronized (this) {
          toUp.forEach(up::write);
          toUp.clear();
          toDown.forEach(down::write);
          toDown.clear();
        }
      });
    }

    synchronized void close() {
      toUp.clear();
      toDown.clear();
      down.close();
      up.close();
      proxy.links.remove(this);
    }
  }
}
