package shop.loadtest;

import shop.common.db.DbConfig;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.io.File;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipFile;

/**
 * The shop as five {@code java -jar} processes plus the ceiling and the edge, all tuned alike.
 * A first start applies the migrations (and records a class-data-sharing archive per service);
 * the measured start is the second one, one service at a time.
 */
final class Shop implements AutoCloseable {

  enum Service {
    PRODUCT("product-verticle", "product_db", 0),
    USER("user-verticle", "user_db", 1),
    ORDER("order-verticle", "order_db", 2),
    PAYMENT("payment-verticle", "payment_db", 3),
    NOTIFICATION("notification-verticle", "notification_db", 5);

    final String module;
    final String database;
    final int portOffset;

    Service(String module, String database, int portOffset) {
      this.module = module;
      this.database = database;
      this.portOffset = portOffset;
    }
  }

  static final int CEILING_OFFSET = 10;
  static final int EDGE_OFFSET = 20;
  /** Replica r ≥ 2 of the order service listens on base + 30 + r, of the payment service on base + 40 + r. */
  static final int ORDER_REPLICA_OFFSET = 30;
  static final int PAYMENT_REPLICA_OFFSET = 40;
  /** The services that {@code -Dreplicas} multiplies. */
  static final List<Service> REPLICATED = List.of(Service.ORDER, Service.PAYMENT);

  private final BenchOptions opts;
  private final DbConfig db;
  private final String secret;
  private final Path logs;
  private final Path cds;
  private final Path jars;
  private final Map<Service, ServiceProcess> services = new LinkedHashMap<>();
  /** Replicas 2..N of the order and payment services (replica 1 is in {@link #services}). */
  private final Map<Service, List<ServiceProcess>> replicas = new LinkedHashMap<>();
  private final Map<Service, Double> firstStart = new LinkedHashMap<>();
  private ServiceProcess ceiling;
  private ServiceProcess edge;
  private final String otlpEndpoint;

  Shop(BenchOptions opts, DbConfig db, String secret, String otlpEndpoint) throws IOException {
    this.opts = opts;
    this.otlpEndpoint = otlpEndpoint;
    this.db = db;
    this.secret = secret;
    this.logs = Files.createDirectories(opts.out().resolve("logs"));
    this.cds = Files.createDirectories(opts.out().resolve("cds"));
    this.jars = Files.createDirectories(opts.out().resolve("jars"));
  }

  int port(Service s) {
    return opts.portBase() + s.portOffset;
  }

  /** Port of replica {@code r} (1-based; replica 1 is the service's own port). */
  int port(Service s, int r) {
    if (r == 1) {
      return port(s);
    }
    return opts.portBase() + (s == Service.ORDER ? ORDER_REPLICA_OFFSET : PAYMENT_REPLICA_OFFSET) + r;
  }

  /** Every replica's port of a service, in replica order. */
  List<Integer> ports(Service s) {
    List<Integer> out = new ArrayList<>();
    for (int r = 1; r <= replicasOf(s); r++) {
      out.add(port(s, r));
    }
    return out;
  }

  int replicasOf(Service s) {
    return REPLICATED.contains(s) ? opts.replicas() : 1;
  }

  int ceilingPort() {
    return opts.portBase() + CEILING_OFFSET;
  }

  int edgePort() {
    return opts.portBase() + EDGE_OFFSET;
  }

  String url(Service s) {
    return "http://127.0.0.1:" + port(s);
  }

  /**
   * A service's environment. Replica r of the payment service calls replica r of the order service
   * (and back), as a service mesh or kube-proxy would spread them without a process in between; wrk's
   * requests reach the replicas through the edge's round robin.
   */
  private Map<String, String> env(Service s, boolean first, int replica) {
    Map<String, String> env = new HashMap<>(common());
    if (opts.instances() != BenchOptions.INSTANCES_UNSET) {
      env.put("INSTANCES", Integer.toString(opts.instances()));
    }
    if (first) {
      // two instances migrating a fresh database at once race in Flyway's baseline (see README)
      env.put("INSTANCES", "1");
      // five services migrating at once on a busy machine wait for connections longer than the 3 s
      // a measured run allows; the first start is not measured
      env.put("DB_TIMEOUT_MS", "30000");
    }
    env.put("PORT", Integer.toString(port(s, replica)));
    env.put("DATABASE_URI", "mysql://" + db.user() + ":" + db.password() + "@" + db.host() + ":" + db.port()
      + "/" + s.database);
    env.put("SECRET_KEY", secret);
    for (Service other : Service.values()) {
      int pair = REPLICATED.contains(other) && REPLICATED.contains(s) ? replica : 1;
      env.put(other.name() + "_SERVICE_URL", "http://127.0.0.1:" + port(other, pair));
    }
    env.put("ENABLE_REAL_EMAIL_SENDING", "False");
    // the run must not expire its own orders: reservations outlive orders, both outlive the run
    env.put("ORDER_TTL_SECONDS", "3600");
    env.put("RESERVATION_TTL_SECONDS", "7200");
    return env;
  }

  /** What every process gets; INSTANCES is the services' ({@link #env}) and the yardsticks' own (one). */
  private Map<String, String> common() {
    Map<String, String> env = new HashMap<>(Map.of(
      "DB_POOL_SIZE", Integer.toString(opts.poolSize()),
      "DB_PIPELINING_LIMIT", Integer.toString(opts.pipeliningLimit())));
    if (otlpEndpoint != null) {
      // wrk sends no traceparent: each request is a root, sampled at the ratio
      env.put("OTEL_EXPORTER_OTLP_ENDPOINT", otlpEndpoint);
      env.put("OTEL_TRACES_SAMPLER", "parentbased_traceidratio");
      env.put("OTEL_TRACES_SAMPLER_ARG", Double.toString(opts.tracingRatio()));
    }
    return env;
  }

  /**
   * A private copy of the service's fat jar (same modification time, so the CDS archive stays
   * valid): a rebuild of the module during the run must not pull the jar from under the process.
   */
  private Path jar(Service s) throws IOException {
    Path jar = opts.repo().resolve(s.module).resolve("target").resolve(s.module + ".jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: ./mvnw -q -pl " + s.module + " package -DskipTests");
    }
    Path copy = jars.resolve(s.module + ".jar");
    if (Files.exists(copy) && Files.size(copy) == Files.size(jar)
      && Files.getLastModifiedTime(copy).equals(Files.getLastModifiedTime(jar))) {
      return copy;
    }
    for (int attempt = 0; attempt < 20; attempt++) {
      long age = System.currentTimeMillis() - Files.getLastModifiedTime(jar).toMillis();
      if (age > 3_000 && isWholeZip(jar)) {
        Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        return copy;
      }
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new IllegalStateException(jar + " keeps changing (being rebuilt?)");
  }

  private static boolean isWholeZip(Path jar) {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      return zip.size() > 0;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * All services at once with the migrations to apply (their times are reported as "first start"),
   * then stopped, then started again one at a time: those times are the "healthy within" figures.
   */
  void start() throws IOException, InterruptedException {
    for (Service s : Service.values()) {
      services.put(s, launch(s, true, 1));
    }
    for (Service s : Service.values()) {
      firstStart.put(s, services.get(s).awaitHealthy(Duration.ofSeconds(120)).startupSeconds());
    }
    for (ServiceProcess p : services.values()) {
      p.stop(10);
    }
    for (Service s : Service.values()) {
      services.put(s, launch(s, false, 1).awaitHealthy(Duration.ofSeconds(60)));
    }
    for (Service s : REPLICATED) {
      List<ServiceProcess> more = new ArrayList<>();
      for (int r = 2; r <= replicasOf(s); r++) {
        more.add(launch(s, false, r).awaitHealthy(Duration.ofSeconds(60)));
      }
      replicas.put(s, more);
    }
    ceiling = ServiceProcess.start("ceiling", ceilingPort(), BenchOptions.yardstickFlags(),
      List.of("-cp", classpath(), CeilingMain.class.getName()), ceilingEnv(), logs.resolve("ceiling.log"))
      .awaitHealthy(Duration.ofSeconds(60));
    Map<String, String> edgeEnv = new HashMap<>(common());
    edgeEnv.put("INSTANCES", "1");
    edgeEnv.put("PORT", Integer.toString(edgePort()));
    edgeEnv.put("ORDER_PORTS", join(ports(Service.ORDER)));
    edgeEnv.put("PAYMENT_PORTS", join(ports(Service.PAYMENT)));
    edge = ServiceProcess.start("edge", edgePort(), BenchOptions.yardstickFlags(),
      List.of("-cp", classpath(), EdgeMain.class.getName()), edgeEnv, logs.resolve("edge.log"))
      .awaitHealthy(Duration.ofSeconds(60));
  }

  private static String join(List<Integer> ports) {
    return String.join(",", ports.stream().map(String::valueOf).toList());
  }

  private Map<String, String> ceilingEnv() {
    Map<String, String> env = new HashMap<>(common());
    env.put("INSTANCES", "1");
    env.put("PORT", Integer.toString(ceilingPort()));
    env.put("DATABASE_URI", "mysql://" + db.user() + ":" + db.password() + "@" + db.host() + ":" + db.port()
      + "/product_db");
    return env;
  }

  /** The first launch records which classes the service loads; later launches map them from the archive. */
  private ServiceProcess launch(Service s, boolean first, int replica) throws IOException {
    Path jar = jar(s);
    // one archive per exact jar: the JVM refuses an archive made from another jar (path, size or time)
    Path archive = cds.resolve(s.module + "-" + Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis()
      + ".jsa");
    List<String> flags = new ArrayList<>(opts.jvmFlags());
    boolean cds = Boolean.parseBoolean(System.getProperty("cds", "true"));
    if (cds && first && !Files.exists(archive)) {
      flags.add("-XX:ArchiveClassesAtExit=" + archive);
    } else if (cds && Files.exists(archive)) {
      flags.add("-XX:SharedArchiveFile=" + archive);
    }
    String name = processName(s, replica);
    if (!first && s.name().equalsIgnoreCase(opts.profile())) {
      flags.add(Profiler.FLAG);
    }
    if (!first && opts.jfr()) {
      // -Djfr=true: a profile per service, read with `jfr print --events jdk.ExecutionSample`
      flags.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
        + Files.createDirectories(opts.out().resolve("jfr")).resolve(name + ".jfr"));
    }
    return ServiceProcess.start(name, port(s, replica), flags, List.of("-jar", jar.toString()),
      env(s, first, replica), logs.resolve(replica == 1 ? s.module + ".log" : s.module + "-" + replica + ".log"));
  }

  /** "order" for replica 1, "order-2" for the second: the name in the CPU table. */
  static String processName(Service s, int replica) {
    return s.name().toLowerCase() + (replica == 1 ? "" : "-" + replica);
  }

  /** Every service process, replicas included, by {@link #processName}. */
  Map<String, ServiceProcess> serviceProcesses() {
    Map<String, ServiceProcess> out = new LinkedHashMap<>();
    services.forEach((s, p) -> {
      out.put(processName(s, 1), p);
      List<ServiceProcess> more = replicas.getOrDefault(s, List.of());
      for (int i = 0; i < more.size(); i++) {
        out.put(processName(s, i + 2), more.get(i));
      }
    });
    return out;
  }

  /** The processes of one service, replica 1 first. */
  List<ServiceProcess> processesOf(Service s) {
    List<ServiceProcess> out = new ArrayList<>();
    out.add(services.get(s));
    out.addAll(replicas.getOrDefault(s, List.of()));
    return out;
  }

  /** This JVM's classpath, also under {@code exec:java} where it lives in the context class loader. */
  static String classpath() {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    if (cl instanceof URLClassLoader u && u.getURLs().length > 1) {
      List<String> parts = new ArrayList<>();
      for (URL url : u.getURLs()) {
        parts.add(url.getPath());
      }
      return String.join(File.pathSeparator, parts);
    }
    return System.getProperty("java.class.path");
  }

  Map<Service, ServiceProcess> services() {
    return services;
  }

  Map<Service, Double> firstStart() {
    return firstStart;
  }

  ServiceProcess ceiling() {
    return ceiling;
  }

  ServiceProcess edge() {
    return edge;
  }

  @Override
  public void close() throws InterruptedException {
    for (ServiceProcess p : serviceProcesses().values()) {
      p.stop(10);
    }
    if (ceiling != null) {
      ceiling.stop(5);
    }
    if (edge != null) {
      edge.stop(5);
    }
  }
}
