package shop.reliability.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.locks.LockSupport;

/** One client connection of a {@link FaultProxy} and its upstream connection, pumped by two threads. */
final class ProxyLink {

  private static final int CONNECT_TIMEOUT_MS = 3_000;

  private final FaultProxy proxy;
  private final Socket client;
  private final boolean dropResponse;
  private volatile Socket upstream;
  volatile boolean frozen;
  private volatile boolean closed;

  ProxyLink(FaultProxy proxy, Socket client, boolean frozen, boolean dropResponse) {
    this.proxy = proxy;
    this.client = client;
    this.frozen = frozen;
    this.dropResponse = dropResponse;
  }

  void run() {
    try {
      awaitFlowing();
      if (closed) {
        return;
      }
      Socket up = new Socket();
      up.setTcpNoDelay(true);
      up.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.upstreamPort()), CONNECT_TIMEOUT_MS);
      upstream = up;
      if (closed) {
        closeQuietly(up);
        return;
      }
      proxy.started(() -> pump(client, up, false));
      pump(up, client, true);
    } catch (IOException e) {
      // the upstream is down: the proxy cannot refuse what it accepted, so it resets (refuse() stops listening instead)
      abort();
    }
  }

  private void pump(Socket from, Socket to, boolean response) {
    byte[] buf = new byte[16 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        long due = System.nanoTime() + proxy.latencyNanos();
        awaitFlowing();
        if (closed) {
          return;
        }
        if (response && dropResponse) {
          proxy.countDrop();
          abort();
          return;
        }
        while (System.nanoTime() < due && !closed) {
          LockSupport.parkNanos(due - System.nanoTime());
        }
        if (closed) {
          return;
        }
        out.write(buf, 0, n);
        out.flush();
      }
      close();
    } catch (IOException e) {
      close();
    }
  }

  private void awaitFlowing() {
    synchronized (proxy.gate()) {
      while (frozen && !closed) {
        try {
          proxy.gate().wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  boolean connected() {
    return upstream != null;
  }

  void abort() {
    closed = true;
    abort(client);
    if (upstream != null) {
      abort(upstream);
    }
    release();
  }

  void close() {
    closed = true;
    closeQuietly(client);
    if (upstream != null) {
      closeQuietly(upstream);
    }
    release();
  }

  private void release() {
    proxy.ended(this);
    synchronized (proxy.gate()) {
      proxy.gate().notifyAll();
    }
  }

  static void abort(Socket s) {
    try {
      s.setSoLinger(true, 0);
    } catch (IOException e) {
      // already closed
    }
    closeQuietly(s);
  }

  static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
