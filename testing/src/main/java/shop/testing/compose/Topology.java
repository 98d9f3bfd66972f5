package shop.testing.compose;

import com.icegreen.greenmail.util.GreenMail;
import shop.common.db.DbConfig;
import shop.testing.OtlpReceiver;
import shop.testing.TestDatabaseServer;
import shop.testing.process.EdgeNginx;
import shop.testing.process.Ports;
import shop.testing.process.Repo;
import shop.testing.process.ServiceProcess;
import shop.testing.process.SystemRequirements;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The compose topology as local processes, built from the same artifacts and the same compose
 * file: {@link StandIns} for mysql, mailpit and jaeger, one {@code java -jar} per service replica with the environment compose gives it, and Debian's
 * nginx running frontend/nginx.conf on the edge port. {@link Routes} may put something between a
 * service and what it calls (the reliability suite's fault proxies).
 */
public final class Topology implements AutoCloseable {

  public static final Map<String, String> MODULES = Map.of("product-service", "product-verticle",
    "user-service", "user-verticle", "order-service", "order-verticle",
    "payment-service", "payment-verticle", "notification-service", "notification-verticle");
  public static final List<String> ALL_MODULES = MODULES.values().stream().sorted().toList();

  private static final Pattern HOST_PORT = Pattern.compile("(?<=[/@])([a-z][a-z0-9-]*):(\\d+)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

  private final Map<String, String> env;
  private final Path logs;
  private final Routes routes;
  private final List<ServiceProcess> processes = new ArrayList<>();
  private final Map<String, List<ServiceProcess>> replicas = new LinkedHashMap<>();
  private StandIns standIns;
  private EdgeNginx edge;

  private Topology(Path logs, Map<String, String> env, Routes routes) {
    this.env = env;
    this.logs = logs;
    this.routes = routes;
  }

  /**
   * Starts everything; callers check {@link SystemRequirements#missing} first.
   *
   * @param logs the folder for this topology's logs (and its copies of the jars)
   * @param scale replicas per service (default 1)
   * @param overrides .env values on top of the generated test .env
   */
  public static Topology start(Path logs, Map<String, Integer> scale, Map<String, String> overrides) {
    return start(logs, scale, overrides, Routes.DIRECT);
  }

  /** As {@link #start(Path, Map, Map)}, each service reaching the others and the database through {@code routes}. */
  public static Topology start(Path logs, Map<String, Integer> scale, Map<String, String> overrides, Routes routes) {
    Path nginx = SystemRequirements.nginx();
    Topology t = new Topology(logs, TestEnv.with(TestEnv.generate(), overrides), routes);
    try {
      t.boot(nginx, ComposeFile.APP_SERVICES, scale, Repo.FRONTEND.resolve("nginx.conf"));
      return t;
    } catch (RuntimeException | Error e) {
      t.close();
      throw e;
    }
  }

  private void boot(Path nginx, List<String> services, Map<String, Integer> scale, Path edgeConf) {
    ComposeFile compose = ComposeFile.resolved(env);
    Map<String, Integer> endpoints = new LinkedHashMap<>();
    standIns = StandIns.start(compose, endpoints);

    Map<String, List<Integer>> instancePorts = new LinkedHashMap<>();
    Map<String, Integer> servicePorts = new LinkedHashMap<>();
    for (String name : services) {
      List<Integer> ports = new ArrayList<>();
      for (int i = 0; i < scale.getOrDefault(name, 1); i++) {
        ports.add(Ports.free());
      }
      instancePorts.put(name, ports);
      int composePort = Integer.parseInt(compose.service(name).environment().get("PORT"));
      // a scaled service is reached through an nginx upstream, as Docker's DNS spreads a name over replicas
      int address = ports.size() == 1 ? ports.get(0) : Ports.free();
      if (ports.size() > 1) {
        servicePorts.put(name, address);
      }
      endpoints.put(name + ":" + composePort, address);
    }
    for (String name : ComposeFile.APP_SERVICES) {
      // a service left out answers nothing on its address, like a stopped container
      endpoints.putIfAbsent(name + ":" + compose.service(name).environment().get("PORT"), Ports.free());
    }
    // one at a time: nine JVMs warming up at once on a two-core CI machine starve each other
    // past the services' own startup timeouts; compose would start them together
    for (String name : services) {
      ComposeFile.Service svc = compose.service(name);
      List<Integer> ports = instancePorts.get(name);
      Path jar = snapshot(MODULES.get(name));
      for (int i = 0; i < ports.size(); i++) {
        String id = ports.size() == 1 ? name : name + "-" + (i + 1);
        Map<String, String> local = localEnvironment(svc, ports.get(i), endpoints, id);
        ServiceProcess p = ServiceProcess.start(id, jar, containerLimits(svc), local, ports.get(i), logs);
        processes.add(p);
        replicas.computeIfAbsent(name, k -> new ArrayList<>()).add(p);
        p.awaitHealthy(START_TIMEOUT);
      }
    }
    edge = EdgeNginx.start(nginx, edgeConf, Ports.free(), instancePorts, servicePorts, logs);
  }

  /**
   * A copy of the module's jar for this run: a rebuild of target/ while the processes run would
   * otherwise pull classes out from under them.
   */
  private Path snapshot(String module) {
    try {
      Path dir = Files.createDirectories(logs.resolve("jars"));
      return Files.copy(Repo.jar(module), dir.resolve(module + ".jar"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The image's env (its JVM options, with /tmp made private) under the compose env, hosts made local. */
  private Map<String, String> localEnvironment(ComposeFile.Service svc, int port, Map<String, Integer> endpoints,
                                               String id) {
    Map<String, String> local = new LinkedHashMap<>();
    Path tmp = tmpDir(id);
    local.put("JDK_JAVA_OPTIONS", Repo.imageJavaOptions().replace("=/tmp", "=" + tmp));
    for (Map.Entry<String, String> e : svc.environment().entrySet()) {
      local.put(e.getKey(), localHosts(e.getValue(), endpoints, svc.name(), e.getKey()));
    }
    local.put("PORT", String.valueOf(port));
    if ("mailpit".equals(local.get("SMTP_SERVER"))) {
      local.put("SMTP_SERVER", "127.0.0.1");
      String smtp = "mailpit:" + local.get("SMTP_PORT");
      local.put("SMTP_PORT", String.valueOf(routes.port(svc.name(), smtp, endpoints.get(smtp))));
    }
    // compose's network is the loopback here: the edge nginx reaches the services from 127.0.0.1
    local.computeIfPresent("TRUSTED_PROXIES", (k, v) -> v.isBlank() ? "127.0.0.1" : v + ",127.0.0.1");
    return local;
  }

  private String localHosts(String value, Map<String, Integer> endpoints, String consumer, String key) {
    Matcher m = HOST_PORT.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Integer local = endpoints.get(m.group());
      if (local == null) {
        throw new AssertionError(consumer + " " + key + " names " + m.group() + ", which the topology does not run");
      }
      m.appendReplacement(out, "127.0.0.1:" + routes.port(consumer, m.group(), local));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The container's memory and CPU limits, told to the JVM as its cgroup would. */
  private static List<String> containerLimits(ComposeFile.Service svc) {
    List<String> flags = new ArrayList<>();
    if (svc.memoryLimitBytes() > 0) {
      flags.add("-XX:MaxRAM=" + svc.memoryLimitBytes());
    }
    if (svc.cpus() > 0) {
      flags.add("-XX:ActiveProcessorCount=" + (int) Math.ceil(svc.cpus()));
    }
    return flags;
  }

  private static Path tmpDir(String id) {
    try {
      return Files.createTempDirectory("shop-" + id + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String edgeUrl() {
    return edge.url();
  }

  public GreenMail mail() {
    return standIns.mail();
  }

  /** What stands in for Jaeger: the spans the services exported. */
  public OtlpReceiver traces() {
    return standIns.jaeger();
  }

  public Map<String, String> env() {
    return env;
  }

  public DbConfig database() {
    return standIns.database().config();
  }

  /** The embedded MariaDB itself, for tests that stop or kill it. */
  public TestDatabaseServer.Embedded databaseServer() {
    return standIns.database();
  }

  public List<ServiceProcess> replicas(String service) {
    return replicas.getOrDefault(service, List.of());
  }

  /**
   * Stops every replica of {@code service} (SIGTERM) and starts it again with {@code changes} to its
   * environment, as editing .env and {@code docker compose up -d <service>} would.
   */
  public void reconfigure(String service, Map<String, String> changes) {
    List<ServiceProcess> old = replicas(service);
    List<ServiceProcess> fresh = new ArrayList<>();
    for (ServiceProcess p : old) {
      p.close();
      ServiceProcess next = p.withEnv(changes);
      next.awaitHealthy(START_TIMEOUT);
      fresh.add(next);
      processes.set(processes.indexOf(p), next);
    }
    replicas.put(service, fresh);
  }

  @Override
  public void close() {
    if (edge != null) {
      edge.close();
    }
    processes.parallelStream().forEach(ServiceProcess::close);
    if (standIns != null) {
      standIns.close();
    }
  }
}
