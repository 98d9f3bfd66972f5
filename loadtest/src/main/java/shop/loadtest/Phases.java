package shop.loadtest;

import shop.common.db.DbConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The measured phases, in order: ceilings, catalog reads, order writes, payments, the journey. */
final class Phases {

  private final BenchOptions opts;
  private final Shop shop;
  private final Seeder.Catalog catalog;
  private final Path tokens;
  private final DbConfig db;
  private final Report report;
  private final Wrk wrk;
  private final CpuMeter cpu;
  private final StockAudit audit;
  private final RoundTrips roundTrips;
  private final Profiler profiler;

  Phases(BenchOptions opts, Shop shop, Seeder.Catalog catalog, Path tokens, DbConfig db, Report report)
    throws java.io.IOException {
    this.opts = opts;
    this.shop = shop;
    this.catalog = catalog;
    this.tokens = tokens;
    this.db = db;
    this.report = report;
    this.wrk = new Wrk(opts);
    Map<String, Long> pids = new java.util.LinkedHashMap<>();
    shop.serviceProcesses().forEach((name, proc) -> pids.put(name, proc.pid()));
    pids.put("ceiling", shop.ceiling().pid());
    pids.put("edge", shop.edge().pid());
    pids.put("mariadb", CpuMeter.mariadbPid(db.port()));
    this.cpu = new CpuMeter(pids);
    this.audit = new StockAudit(db);
    Map<String, String> urls = new java.util.LinkedHashMap<>();
    shop.serviceProcesses().forEach((name, proc) -> urls.put(name, "http://127.0.0.1:" + proc.port));
    this.roundTrips = new RoundTrips(urls);
    if (opts.profile().isEmpty()) {
      this.profiler = null;
    } else {
      Map<String, Long> profiled = new java.util.LinkedHashMap<>();
      Shop.Service svc = Shop.Service.valueOf(opts.profile().toUpperCase());
      List<ServiceProcess> procs = shop.processesOf(svc);
      for (int r = 0; r < procs.size(); r++) {
        profiled.put(Shop.processName(svc, r + 1), procs.get(r).pid());
      }
      this.profiler = new Profiler(opts.out().resolve("jfr"), profiled);
    }
  }

  /**
   * One measured wrk run, with the CPU every process spent meanwhile and the statements the
   * database ran. A write phase may leave outbox rows and emails behind: the warm-up's are drained
   * before the measurement starts, the measured run's after it, inside the measurement, so the
   * figures per request include delivering what the requests queued; the table shows how much was left.
   */
  private void measure(String name, String what, boolean journey, Path lua, String url, boolean writes)
    throws Exception {
    long leftByWarmup = backlog();
    if (leftByWarmup > 0) {
      Benchmark.say(name + ": draining the " + leftByWarmup + " rows the warm-up left");
      awaitDrained();
    }
    StatementAccount.Start accountStart = null;
    if (writes && opts.statements()) {
      try (Connection c = StockAudit.connect(db, "")) {
        accountStart = StatementAccount.reset(c);
      }
    }
    Benchmark.say(name + ": measuring");
    if (writes && profiler != null) {
      profiler.start(name);
    }
    long wallStart = System.nanoTime();
    Map<String, Long> before = cpu.snapshot();
    Map<String, Long> receivedBefore = roundTrips.snapshot();
    Map<String, Long> countersBefore = counters();
    long statementsBefore = countersBefore.getOrDefault("Queries", -1L);
    Wrk.Result r = wrk.run(name, lua, url, opts.durationSeconds());
    long connections = gauge("Threads_connected");
    long backlog = backlog();
    double drainSeconds = backlog > 0 ? awaitDrained() : 0;
    Map<String, Double> spent = new java.util.LinkedHashMap<>(CpuMeter.since(before, cpu.snapshot()));
    double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
    Map<String, Long> received = RoundTrips.since(receivedBefore, roundTrips.snapshot());
    // the SHOW STATUS calls and the backlog polls are the benchmark's own; subtract the first two
    Map<String, Long> countersAfter = counters();
    long statements = statementsBefore < 0 ? -1
      : Math.max(0, countersAfter.getOrDefault("Queries", statementsBefore) - statementsBefore - 2);
    report.dbCounters(name, countersBefore, countersAfter);
    report.serverCounters(countersAfter.keySet());
    spent.values().removeIf(v -> v == 0);
    spent.put("wrk", r.wrkCpuMs());
    Report.Row row = add(name, what, journey, r, spent, statements, received, backlog, drainSeconds, wallSeconds);
    report.connections(name, connections);
    if (accountStart != null) {
      List<StatementAccount.Digest> digests;
      try (Connection c = StockAudit.connect(db, "")) {
        digests = StatementAccount.read(c, accountStart);
      }
      report.statements(name, StatementAccount.account(digests, row.units(),
        delta(countersBefore, countersAfter, "Questions"), delta(countersBefore, countersAfter, "Com_stmt_execute"),
        gauge("Performance_schema_prepared_statements_lost")));
    }
    if (writes && profiler != null) {
      report.profile(name, profiler.processes(), profiler.stop());
    }
  }

  private static long delta(Map<String, Long> before, Map<String, Long> after, String counter) {
    Long a = after.get(counter);
    Long b = before.get(counter);
    return a == null || b == null ? -1 : a - b;
  }

  private Map<String, String> ids(String prefix) {
    return Map.of("PREFIX", prefix, "FIRST", Long.toString(catalog.firstId()), "COUNT",
      Integer.toString(catalog.count()));
  }

  void runAll() throws Exception {
    String ceiling = "http://127.0.0.1:" + shop.ceilingPort();
    String product = shop.url(Shop.Service.PRODUCT);
    String edge = "http://127.0.0.1:" + shop.edgePort();
    // with replicas the edge spreads the writes over them (round robin)
    String order = opts.writesViaEdge() ? edge : shop.url(Shop.Service.ORDER);
    String payment = opts.writesViaEdge() ? edge : shop.url(Shop.Service.PAYMENT);
    Map<String, String> withTokens = new HashMap<>(ids(""));
    withTokens.put("TOKENS", tokens.toString());

    phase("ceiling-json", "GET /json (bare Vert.x, no DB)", "plain", Map.of(), ceiling + "/json", false);
    phase("ceiling-db", "GET /db/{id} (bare one-row PK lookup, services' pool)", "ids", ids("/db/"), ceiling, false);
    phase("ceiling-db-pipelined", "GET /db-pipelined/{id} (same, pipelined client)", "ids", ids("/db-pipelined/"),
      ceiling, false);
    phase("product-by-id", "GET /products/{id}", "ids", ids("/products/"), product, false);
    phase("product-search", "GET /products?q=term", "search", Map.of(), product, false);
    phase("product-list", "GET /products (first page)", "plain", Map.of(), product + "/products", false);
    phase("orders", "POST /orders (1 line)" + viaEdge(), "orders", withTokens, order, true);
    if (opts.wants("payments")) {
      List<Path> files = pendingOrders();
      Map<String, String> warm = Map.of("ORDERS", files.get(0).toString(), "THREADS", Integer.toString(opts.threads()));
      Map<String, String> measured = Map.of("ORDERS", files.get(1).toString(), "THREADS",
        Integer.toString(opts.threads()));
      Benchmark.say("payments: warm-up");
      wrk.run("payments-warmup", wrk.script("payments-warmup", "payments", warm), payment, opts.writeWarmupSeconds());
      measure("payments", "POST /payments (card)" + viaEdge(), false, wrk.script("payments", "payments", measured),
        payment, true);
    }
    if (opts.wants("journey")) {
      Benchmark.say("journey: warm-up");
      Path script = wrk.script("journey", "journey", withTokens);
      wrk.run("journey-warmup", script, edge, opts.writeWarmupSeconds());
      measure("journey", "POST /orders then POST /payments (via edge)", true, script, edge, true);
    }
  }

  private void phase(String name, String what, String script, Map<String, String> params, String url,
                     boolean writes) throws Exception {
    if (!opts.wants(name)) {
      return;
    }
    Path lua = wrk.script(name, script, params);
    int warmup = writes ? opts.writeWarmupSeconds() : opts.warmupSeconds();
    if (warmup > 0) {
      Benchmark.say(name + ": warm-up");
      wrk.run(name + "-warmup", lua, url, warmup);
    }
    measure(name, what, false, lua, url, writes);
  }

  private String viaEdge() {
    return opts.writesViaEdge() ? " (via edge" + (opts.replicas() > 1 ? ", " + opts.replicas() + " replicas" : "") + ")"
      : "";
  }

  /** Waits until nothing is left to deliver (two minutes at most); answers the seconds it took. */
  private double awaitDrained() throws Exception {
    long start = System.nanoTime();
    audit.awaitBacklog(120);
    return (System.nanoTime() - start) / 1e9;
  }

  /**
   * Work the phase left undone, the moment its measured run ends (-1 when it cannot be read). A
   * phase may not look fast by leaving its relays behind.
   */
  private long backlog() {
    try {
      return audit.backlog();
    } catch (SQLException e) {
      return -1;
    }
  }

  /** One status variable now (e.g. the connections open at the end of a run); -1 when it cannot be read. */
  private long gauge(String name) {
    try (Connection c = StockAudit.connect(db, ""); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SHOW GLOBAL STATUS LIKE '" + name + "'")) {
      return rs.next() ? Long.parseLong(rs.getString(2)) : -1;
    } catch (Exception e) {
      return -1;
    }
  }

  /** The server's statement counters ({@code Queries} and the {@code Com_*} ones that are not zero). */
  private Map<String, Long> counters() {
    Map<String, Long> out = new java.util.TreeMap<>();
    try (Connection c = StockAudit.connect(db, ""); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SHOW GLOBAL STATUS WHERE Variable_name = 'Queries' "
           + "OR Variable_name LIKE 'Com\\_%' OR Variable_name LIKE 'Handler\\_%' OR Variable_name IN ('Questions', "
           + "'Innodb_log_writes', 'Innodb_log_write_requests') OR Variable_name LIKE 'Innodb%fsync%'")) {
      while (rs.next()) {
        try {
          out.put(rs.getString(1), Long.parseLong(rs.getString(2)));
        } catch (NumberFormatException e) {
          // not a counter
        }
      }
    } catch (Exception e) {
      return Map.of();
    }
    return out;
  }

  private Report.Row add(String name, String what, boolean journey, Wrk.Result r, Map<String, Double> spent,
                         long statements, Map<String, Long> received, long backlog, double drainSeconds,
                         double wallSeconds) {
    Report.Row row = new Report.Row(name, what, r, journey, spent, statements, received, backlog, drainSeconds,
      wallSeconds);
    report.add(row);
    Benchmark.say(String.format("%s: %.0f req/s, p50 %.2f ms, p99 %.2f ms, %d errors%s, backlog %d drained in %.1f s",
      name, r.perSecond(), r.p50Ms(), r.p99Ms(), r.errors(), journey ? ", " + r.journeys() + " journeys" : "",
      backlog, drainSeconds));
    return row;
  }

  /**
   * The pending orders the orders phase left, with their owners' tokens, split between the payments
   * warm-up and the measured run in proportion to their lengths, so no order is paid twice.
   */
  private List<Path> pendingOrders() throws Exception {
    Map<Long, String> tokenOf = new HashMap<>();
    for (String line : Files.readAllLines(tokens)) {
      int sp = line.indexOf(' ');
      tokenOf.put(Long.parseLong(line.substring(0, sp)), line.substring(sp + 1));
    }
    List<String> lines = new ArrayList<>();
    try (Connection c = StockAudit.connect(db, "order_db"); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT id, user_id FROM orders WHERE status = 'pending' ORDER BY id")) {
      while (rs.next()) {
        String token = tokenOf.get(rs.getLong(2));
        if (token != null) {
          lines.add(rs.getLong(1) + " " + token);
        }
      }
    }
    int cut = (int) ((long) lines.size() * opts.writeWarmupSeconds() / (opts.writeWarmupSeconds() + opts.durationSeconds()));
    Path warm = opts.out().resolve("orders-warmup.txt");
    Path measured = opts.out().resolve("orders.txt");
    Files.write(warm, lines.subList(0, cut));
    Files.write(measured, lines.subList(cut, lines.size()));
    Benchmark.say(lines.size() + " pending orders to pay");
    return List.of(warm, measured);
  }
}
