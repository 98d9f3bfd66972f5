package shop.reliability.harness;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in the test JVM between clients and one upstream port, whose faults are switched
 * while it runs: added latency, a freeze (every socket stays open and nothing is passed on: a
 * network partition or a stalled server), reset (RST), close (FIN), refuse (nobody listening),
 * and cutting some connections
 * when their response begins (the server has done the work; the client never hears of it).
 * Blocking sockets and two threads per connection: slow, and simple to reason about.
 */
public final class FaultProxy implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FaultProxy.class);

  /** What happens to new connections (and, for FREEZE, to the data of every connection). */
  private enum Fault { NONE, FREEZE, RESET, CLOSE, REFUSE }

  private final String name;
  private final int upstreamPort;
  private final int port;
  private volatile ServerSocket server;
  private final ExecutorService threads;
  private final Set<ProxyLink> links = ConcurrentHashMap.newKeySet();
  private final Object gate = new Object();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private volatile Fault fault = Fault.NONE;
  private volatile long latencyNanos;
  private volatile double dropFraction;

  private FaultProxy(String name, int upstreamPort, ServerSocket server) {
    this.name = name;
    this.upstreamPort = upstreamPort;
    this.server = server;
    this.port = server.getLocalPort();
    this.threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "proxy-" + name);
      t.setDaemon(true);
      return t;
    });
  }

  /** A proxy on a free 127.0.0.1 port in front of {@code 127.0.0.1:upstreamPort}. */
  public static FaultProxy start(String name, int upstreamPort) {
    FaultProxy p = new FaultProxy(name, upstreamPort, listen(0, name));
    p.threads.execute(p::acceptLoop);
    return p;
  }

  private static ServerSocket listen(int port, String name) {
    try {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
      return s;
    } catch (IOException e) {
      throw new IllegalStateException("cannot open the " + name + " proxy on port " + port, e);
    }
  }

  public int port() {
    return port;
  }

  public String name() {
    return name;
  }

  /** Connections accepted since the proxy started. */
  public long accepted() {
    return accepted.get();
  }

  /** Connections cut by {@link #dropResponses} when their response began. */
  public long dropped() {
    return dropped.get();
  }

  /** Every chunk is held this long before it is passed on, in both directions. */
  public FaultProxy latency(long millis) {
    latencyNanos = millis * 1_000_000;
    return this;
  }

  /** Nothing is passed on any more, on open and new connections; every socket stays open. */
  public FaultProxy freeze() {
    synchronized (gate) {
      fault = Fault.FREEZE;
      links.forEach(l -> l.frozen = true);
    }
    return this;
  }

  /**
   * The partition heals: new connections (and those that were waiting to connect) work again,
   * while connections that were open during the freeze stay stuck, as after a real partition
   * whose other side has long forgotten them. Only their owner can give them up.
   */
  public FaultProxy healPartition() {
    synchronized (gate) {
      fault = Fault.NONE;
      links.stream().filter(l -> !l.connected()).forEach(l -> l.frozen = false);
      gate.notifyAll();
    }
    return this;
  }

  /**
   * Nothing listens any more: new connections are refused, as when the process behind has died
   * (no proxy would accept a connection it cannot pass on). Open ones end as the upstream's do.
   */
  public FaultProxy refuse() {
    fault = Fault.REFUSE;
    closeListener();
    return this;
  }

  /** Open connections are reset (RST) and new ones are reset on arrival. */
  public FaultProxy reset() {
    fault = Fault.RESET;
    links.forEach(ProxyLink::abort);
    return this;
  }

  /** Open connections are closed (FIN) and new ones are closed on arrival. */
  public FaultProxy closeConnections() {
    fault = Fault.CLOSE;
    links.forEach(ProxyLink::close);
    return this;
  }

  /** This fraction of new connections is cut (RST to the client) when the upstream's answer begins. */
  public FaultProxy dropResponses(double fraction) {
    dropFraction = fraction;
    return this;
  }

  /** No fault: no latency, no drops, listening again, and everything frozen flows again. */
  public FaultProxy heal() {
    synchronized (gate) {
      if (fault == Fault.REFUSE) {
        server = listen(port, name);
        threads.execute(this::acceptLoop);
      }
      fault = Fault.NONE;
      latencyNanos = 0;
      dropFraction = 0;
      links.forEach(l -> l.frozen = false);
      gate.notifyAll();
    }
    return this;
  }

  private void acceptLoop() {
    ServerSocket listener = server;
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        accepted.incrementAndGet();
        client.setTcpNoDelay(true);
        switch (fault) {
          case RESET -> ProxyLink.abort(client);
          case CLOSE -> ProxyLink.closeQuietly(client);
          default -> {
            ProxyLink link = new ProxyLink(this, client, fault == Fault.FREEZE,
              ThreadLocalRandom.current().nextDouble() < dropFraction);
            links.add(link);
            threads.execute(link::run);
          }
        }
      } catch (IOException e) {
        if (!listener.isClosed()) {
          LOG.warn("{} proxy accept failed: {}", name, e.toString());
        }
      }
    }
  }

  /** What a connection needs from its proxy: where to connect, the faults, and where it is kept. */
  int upstreamPort() {
    return upstreamPort;
  }

  long latencyNanos() {
    return latencyNanos;
  }

  Object gate() {
    return gate;
  }

  void started(Runnable pump) {
    threads.execute(pump);
  }

  void countDrop() {
    dropped.incrementAndGet();
  }

  void ended(ProxyLink link) {
    links.remove(link);
  }

  private void closeListener() {
    try {
      server.close();
    } catch (IOException e) {
      LOG.debug("{} proxy close: {}", name, e.toString());
    }
  }

  @Override
  public void close() {
    closeListener();
    links.forEach(ProxyLink::abort);
    threads.shutdownNow();
  }
}
