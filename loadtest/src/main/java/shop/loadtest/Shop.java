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

  private final BenchOptions opts;
  private final DbConfig db;
  private final String secret;
  private final Path logs;
  private final Path cds;
  private final Path jars;
  private final Map<Service, ServiceProcess> services = new LinkedHashMap<>();
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

  int ceilingPort() {
    return opts.portBase() + CEILING_OFFSET;
  }

  int edgePort() {
    return opts.portBase() + EDGE_OFFSET;
  }

  String url(Service s) {
    return "http://127.0.0.1:" + port(s);
  }

  private Map<String, String> env(Service s, boolean first) {
    Map<String, String> env = new HashMap<>(common());
    if (first) {
      // two instances migrating a fresh database at once race in Flyway's baseline (see README)
      env.put("INSTANCES", "1");
      // five services migrating at once on a busy machine wait for connections longer than the 3 s
      // a measured run allows; the first start is not measured
      env.put("DB_TIMEOUT_MS", "30000");
    }
    env.put("PORT", Integer.toString(port(s)));
    env.put("DATABASE_URI", "mysql://" + db.user() + ":" + db.password() + "@" + db.host() + ":" + db.port()
      + "/" + s.database);
    env.put("SECRET_KEY", secret);
    for (Service other : Service.values()) {
      env.put(other.name() + "_SERVICE_URL", url(other));
    }
    env.put("ENABLE_REAL_EMAIL_SENDING", "False");
    // the run must not expire its own orders: reservations outlive orders, both outlive the run
    env.put("ORDER_TTL_SECONDS", "3600");
    env.put("RESERVATION_TTL_SECONDS", "7200");
    return env;
  }

  private Map<String, String> common() {
    Map<String, String> env = new HashMap<>(Map.of(
      "INSTANCES", Integer.toString(opts.instances()),
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
      services.put(s, launch(s, true));
    }
    for (Service s : Service.values()) {
      firstStart.put(s, services.get(s).awaitHealthy(Duration.ofSeconds(120)).startupSeconds());
    }
    for (ServiceProcess p : services.values()) {
      p.stop(10);
    }
    for (Service s : Service.values()) {
      services.put(s, launch(s, false).awaitHealthy(Duration.ofSeconds(60)));
    }
    ceiling = ServiceProcess.start("ceiling", ceilingPort(), opts.jvmFlags(),
      List.of("-cp", classpath(), CeilingMain.class.getName()), ceilingEnv(), logs.resolve("ceiling.log"))
      .awaitHealthy(Duration.ofSeconds(60));
    Map<String, String> edgeEnv = new HashMap<>(common());
    edgeEnv.put("PORT", Integer.toString(edgePort()));
    edgeEnv.put("ORDER_PORT", Integer.toString(port(Service.ORDER)));
    edgeEnv.put("PAYMENT_PORT", Integer.toString(port(Service.PAYMENT)));
    edge = ServiceProcess.start("edge", edgePort(), opts.jvmFlags(),
      List.of("-cp", classpath(), EdgeMain.class.getName()), edgeEnv, logs.resolve("edge.log"))
      .awaitHealthy(Duration.ofSeconds(60));
  }

  private Map<String, String> ceilingEnv() {
    Map<String, String> env = new HashMap<>(common());
    env.put("PORT", Integer.toString(ceilingPort()));
    env.put("DATABASE_URI", "mysql://" + db.user() + ":" + db.password() + "@" + db.host() + ":" + db.port()
      + "/product_db");
    return env;
  }

  /** The first launch records which classes the service loads; later launches map them from the archive. */
  private ServiceProcess launch(Service s, boolean first) throws IOException {
    Path jar = jar(s);
    // one archive per exact jar: the JVM refuses an archive made from another jar (path, size or time)
    Path archive = cds.resolve(s.module + "-" + Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis()
      + ".jsa");
    List<String> flags = new ArrayList<>(opts.jvmFlags());
    if (first && !Files.exists(archive)) {
      flags.add("-XX:ArchiveClassesAtExit=" + archive);
    } else if (Files.exists(archive)) {
      flags.add("-XX:SharedArchiveFile=" + archive);
    }
    if (!first && opts.jfr()) {
      // -Djfr=true: a profile per service, read with `jfr print --events jdk.ExecutionSample`
      flags.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
        + Files.createDirectories(opts.out().resolve("jfr")).resolve(s.module + ".jfr"));
    }
    return ServiceProcess.start(s.name().toLowerCase(), port(s), flags, List.of("-jar", jar.toString()), env(s, first),
      logs.resolve(s.module + ".log"));
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
    for (ServiceProcess p : services.values()) {
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
