package shop.reliability.harness;

import com.icegreen.greenmail.util.GreenMail;
import shop.testing.compose.Topology;
import shop.testing.process.MailBox;
import shop.testing.process.Repo;
import shop.testing.process.ServiceProcess;
import shop.testing.process.ShopClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The compose topology run as processes ({@link Topology}: the jars, the compose environment,
 * MariaDB with the init script, GreenMail, nginx with frontend/nginx.conf), with a {@link FaultProxy}
 * between each service and the database and in front of each service for the calls of the others.
 * Clients (tests, nginx) reach the services directly; faults are set on the proxies, the processes
 * and the database.
 */
public final class FaultyShop implements AutoCloseable {

  public static final Path LOGS = Repo.ROOT.resolve("reliability-tests/target/reliability-logs");
  private static final Duration HEALTHY_WITHIN = Duration.ofSeconds(180);

  private final Map<Svc, FaultProxy> databaseLinks = new ConcurrentHashMap<>();
  private final Map<Svc, FaultProxy> serviceLinks = new ConcurrentHashMap<>();
  private final Map<Svc, ShopClient> clients = new ConcurrentHashMap<>();
  private Topology topology;
  private ShopClient edge;
  private boolean closed;
  private DatabaseServer database;

  private FaultyShop() {
  }

  /** Starts everything with {@code overrides} on top of the generated .env. */
  public static FaultyShop start(Map<String, String> overrides) {
    FaultyShop shop = new FaultyShop();
    try {
      // tracing off: these cases measure the services' own bounds under faults; what tracing costs is the
      // benchmark's to say, and the journey tests check its wiring
      Map<String, String> env = new HashMap<>(Map.of("OTEL_SDK_DISABLED", "true"));
      env.putAll(overrides);
      shop.topology = Topology.start(LOGS, Map.of(), env, shop::route);
      shop.database = new DatabaseServer(shop.topology.databaseServer(), shop.env("MYSQL_ROOT_PASSWORD"));
      shop.edge = new ShopClient(shop.topology.edgeUrl());
      // a test JVM stopped from outside (a surefire timeout) must not leave the processes running
      Runtime.getRuntime().addShutdownHook(new Thread(shop::close, "reliability-shop-stop"));
      return shop;
    } catch (RuntimeException | Error e) {
      shop.close();
      throw e;
    }
  }

  /** Every service reaches the database through its own proxy, and each service through one proxy shared by its callers. */
  private int route(String consumer, String endpoint, int target) {
    String host = endpoint.substring(0, endpoint.indexOf(':'));
    if (host.equals("mysql")) {
      return databaseLinks.computeIfAbsent(Svc.ofCompose(consumer),
        s -> FaultProxy.start(s.compose() + "->mysql", target)).port();
    }
    if (host.endsWith("-service")) {
      return serviceLinks.computeIfAbsent(Svc.ofCompose(host), s -> FaultProxy.start("->" + host, target)).port();
    }
    return target;
  }

  /** The proxy between {@code svc} and the database. */
  public FaultProxy databaseLink(Svc svc) {
    return databaseLinks.get(svc);
  }

  public Map<Svc, FaultProxy> databaseLinks() {
    return new EnumMap<>(databaseLinks);
  }

  /** The proxy the other services call {@code svc} through. */
  public FaultProxy serviceLink(Svc svc) {
    return serviceLinks.get(svc);
  }

  /** Every proxy back to no fault, the database running, every service running and healthy. */
  public void heal() {
    databaseLinks.values().forEach(FaultProxy::heal);
    serviceLinks.values().forEach(FaultProxy::heal);
    if (!database.running()) {
      database.restart();
    }
    for (Svc s : Svc.values()) {
      ServiceProcess p = process(s);
      if (!p.alive()) {
        p.restart();
      }
      p.awaitHealthy(HEALTHY_WITHIN);
    }
  }

  public ServiceProcess process(Svc svc) {
    return topology.replicas(svc.compose()).get(0);
  }

  /** Starts the service again after a kill or a stop, and waits until it is healthy. */
  public void restart(Svc svc) {
    process(svc).restart().awaitHealthy(HEALTHY_WITHIN);
  }

  /**
   * The service stopped and started again with {@code changes} to its environment (a null value
   * removes a variable); answers the values they replaced (null where there was none), which given
   * back here restore the service's own settings.
   */
  public Map<String, String> reconfigure(Svc svc, Map<String, String> changes) {
    Map<String, String> before = process(svc).env();
    Map<String, String> replaced = new HashMap<>();
    changes.keySet().forEach(k -> replaced.put(k, before.get(k)));
    topology.reconfigure(svc.compose(), changes);
    return replaced;
  }

  public DatabaseServer database() {
    return database;
  }

  /** A client of the edge (nginx): paths start with {@code /api}. */
  public ShopClient edge() {
    return edge;
  }

  /** A client of the service itself, around the edge. */
  public ShopClient direct(Svc svc) {
    return clients.computeIfAbsent(svc, s -> new ShopClient(process(s).url()));
  }

  public int edgePort() {
    return java.net.URI.create(topology.edgeUrl()).getPort();
  }

  public int port(Svc svc) {
    return process(svc).port();
  }

  public MailBox mailBox() {
    return new MailBox(mail());
  }

  public GreenMail mail() {
    return topology.mail();
  }

  /** A value of the generated .env (secrets included: the suite plays the operator). */
  public String env(String key) {
    return topology.env().get(key);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (topology != null) {
      topology.close();
    }
    databaseLinks.values().forEach(FaultProxy::close);
    serviceLinks.values().forEach(FaultProxy::close);
  }
}
