package shop.loadtest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The benchmark's knobs, all system properties: {@code -Dduration=10s -Dwarmup=10s -Dwarmup.writes=40s
 * -Dconnections=64 -Dthreads=2 -Dproducts=1000 -Dusers=200}, plus the services' tuning
 * ({@code -Dinstances}, {@code -Ddb.pool.size}, {@code -Ddb.pipelining.limit}, {@code -Djvm.flags}) and
 * {@code -Djfr=true} (a flight recording per service), the database's durability
 * ({@code -Ddurability=production}, the default, or {@code relaxed}), and {@code -Dtracing=true} (every
 * service traced and exporting over OTLP to a receiver in the runner; {@code -Dtracing.ratio=0.1}
 * samples one request in ten). Scale and accounts: {@code -Dreplicas=2} (order and payment processes
 * behind the edge), {@code -Dvia.edge=true}, {@code -Dstatements=true} (performance_schema digests per
 * write phase), {@code -Dprofile=order} (a flight recording of that service per write phase).
 */
record BenchOptions(Path repo, Path out, int durationSeconds, int warmupSeconds, int connections, int threads,
                    int products, int users, int stock, int portBase, int instances, int poolSize,
                    int pipeliningLimit, List<String> jvmFlags, List<String> only, int writeWarmupSeconds,
                    boolean jfr, boolean relaxedDurability, boolean tracing, double tracingRatio,
                    int replicas, boolean writesViaEdge, boolean statements, String profile) {

  /** {@code -Dinstances=} (empty): INSTANCES is not set, each service runs its own default (one per core). */
  static final int INSTANCES_UNSET = 0;

  static final String DEFAULT_JVM_FLAGS = "-Xms64m -Xmx128m -Xss512k -XX:MaxMetaspaceSize=80m "
    + "-XX:ReservedCodeCacheSize=48m -XX:MaxDirectMemorySize=64m -XX:+UseSerialGC -XX:CICompilerCount=2 "
    + "-Dio.netty.allocator.numDirectArenas=2 -Dio.netty.allocator.numHeapArenas=2";

  static BenchOptions fromSystemProperties() {
    Path repo = findRepo();
    Path out = Path.of(System.getProperty("bench.out", repo.resolve("loadtest/target/bench").toString()));
    String only = System.getProperty("only", "");
    return new BenchOptions(repo, out,
      seconds(System.getProperty("duration", "10s")),
      seconds(System.getProperty("warmup", "10s")),
      Integer.getInteger("connections", 64),
      Integer.getInteger("threads", 2),
      Integer.getInteger("products", 1000),
      Integer.getInteger("users", 200),
      Integer.getInteger("stock", 1_000_000),
      Integer.getInteger("port.base", 15000),
      // one event loop per process: seven JVMs, MariaDB and wrk share the cores (measured: faster in every phase)
      instances(System.getProperty("instances", "1")),
      Integer.getInteger("db.pool.size", 6),
      Integer.getInteger("db.pipelining.limit", 1),
      flags(System.getProperty("jvm.flags", DEFAULT_JVM_FLAGS)),
      only.isBlank() ? List.of() : Arrays.asList(only.split(",")),
      // at a few hundred requests a second the write paths take ~40 s before C2 has compiled them
      seconds(System.getProperty("warmup.writes", "40s")),
      Boolean.getBoolean("jfr"),
      relaxed(System.getProperty("durability", "production")),
      Boolean.getBoolean("tracing"),
      Double.parseDouble(System.getProperty("tracing.ratio", "1.0")),
      replicas(System.getProperty("replicas", "1")),
      // with replicas the write phases must go through the edge (it spreads them); -Dvia.edge=true also
      // sends them through it with one replica, for a comparison that pays the same hop
      Boolean.parseBoolean(System.getProperty("via.edge",
        Boolean.toString(Integer.parseInt(System.getProperty("replicas", "1").trim()) > 1))),
      Boolean.getBoolean("statements"),
      profile(System.getProperty("profile", "")));
  }

  /** {@code -Djvm.flags=} (empty) runs the services with the JVM's own defaults, as a bare {@code java -jar}. */
  static List<String> flags(String raw) {
    String s = raw.trim();
    return s.isEmpty() ? List.of() : Arrays.asList(s.split("\\s+"));
  }

  static int instances(String raw) {
    String s = raw.trim();
    if (s.isEmpty()) {
      return INSTANCES_UNSET;
    }
    int n = Integer.parseInt(s);
    if (n < 1) {
      throw new IllegalArgumentException("-Dinstances is a count ≥ 1, or empty for the services' default");
    }
    return n;
  }

  static int replicas(String raw) {
    int n = Integer.parseInt(raw.trim());
    if (n < 1 || n > 9) {
      throw new IllegalArgumentException("-Dreplicas is 1 to 9, not " + raw);
    }
    return n;
  }

  /** {@code -Dprofile=order}: which service runs a flight recording during the write phases. */
  static String profile(String raw) {
    String s = raw.trim().toLowerCase();
    if (s.isEmpty()) {
      return "";
    }
    for (Shop.Service svc : Shop.Service.values()) {
      if (svc.name().equalsIgnoreCase(s) || svc.module.equals(s)) {
        return svc.name().toLowerCase();
      }
    }
    throw new IllegalArgumentException("-Dprofile names a service (product, user, order, payment, notification), not "
      + raw);
  }

  /**
   * production: InnoDB writes and flushes its log at every commit ({@code innodb_flush_log_at_trx_commit=1},
   * MySQL's and MariaDB's default); relaxed: at every commit written, flushed once a second (=2, what the tests run).
   */
  private static boolean relaxed(String durability) {
    return switch (durability.trim().toLowerCase()) {
      case "production" -> false;
      case "relaxed" -> true;
      default -> throw new IllegalArgumentException("-Ddurability is production or relaxed, not " + durability);
    };
  }

  /** The server option that sets the durability. */
  String flushLogOption() {
    return "--innodb-flush-log-at-trx-commit=" + (relaxedDurability ? 2 : 1);
  }

  /**
   * The embedded server's options: the durability, and with {@code -Dstatements=true} the
   * performance_schema (off by default in MariaDB) for the per-statement account, with the consumer
   * that prepared statements' executions are counted under ({@link StatementAccount}).
   */
  List<String> serverArgs() {
    // the consumer on from the start: a statement prepared while it is off is never counted (measured)
    // and room for every pool's prepared statements: past the autosized limit new ones go uninstrumented
    return statements ? List.of(flushLogOption(), "--performance-schema=ON",
      "--performance-schema-consumer-events-statements-current=ON",
      "--performance-schema-max-prepared-statements-instances=20000") : List.of(flushLogOption());
  }

  /** The yardsticks (ceiling, edge) keep the tuned flags whatever {@code -Djvm.flags} says: the ratios need a fixed one. */
  static List<String> yardstickFlags() {
    return flags(DEFAULT_JVM_FLAGS);
  }

  /** "10", "10s" and "1m" all mean what they say. */
  static int seconds(String raw) {
    String s = raw.trim().toLowerCase();
    if (s.endsWith("m")) {
      return Integer.parseInt(s.substring(0, s.length() - 1)) * 60;
    }
    return Integer.parseInt(s.endsWith("s") ? s.substring(0, s.length() - 1) : s);
  }

  /** The repository root: the first directory upwards holding product-verticle/ (mvnw may run from either). */
  private static Path findRepo() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null) {
      if (Files.isDirectory(p.resolve("product-verticle")) && Files.isDirectory(p.resolve("loadtest"))) {
        return p;
      }
      p = p.getParent();
    }
    throw new IllegalStateException("run from inside the shop repository");
  }

  boolean wants(String phase) {
    return only.isEmpty() || only.contains(phase);
  }
}
