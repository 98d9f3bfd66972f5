package shop.loadtest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** The one table: throughput, latency, errors and ratios to the two ceilings; JSON and Markdown. */
final class Report {

  record Row(String name, String what, Wrk.Result result, boolean journey, Map<String, Double> cpuMs,
             long statements, Map<String, Long> received, long backlog, double drainSeconds, double wallSeconds) {

    /** CPU milliseconds of every process (wrk and MariaDB included) over the measured run and its drain. */
    double totalCpuMs() {
      return cpuMs.values().stream().filter(v -> !v.isNaN()).mapToDouble(Double::doubleValue).sum();
    }

    /** Cores the whole machine's processes kept busy: CPU seconds / wall seconds of the same span. */
    double coresUsed() {
      return wallSeconds <= 0 ? Double.NaN : totalCpuMs() / 1000 / wallSeconds;
    }

    /**
     * Requests (journeys) per second per core: what one fully used core gives, requests / CPU
     * seconds of all processes. It holds when adding processes adds throughput in proportion.
     */
    double perCore() {
      double cpu = totalCpuMs();
      return cpu <= 0 ? Double.NaN : units() / (cpu / 1000);
    }

    /** Statements the database ran per request (per journey), everything included; NaN when unknown. */
    double statementsPerUnit() {
      return statements < 0 || units() == 0 ? Double.NaN : statements / units();
    }

    /**
     * HTTP requests the services sent each other per request (per journey): every request they
     * received, wrk's own left out; NaN when a service's metrics could not be read.
     */
    double roundTripsPerUnit() {
      if (units() == 0 || received.size() < Shop.Service.values().length) {
        return Double.NaN;
      }
      long total = received.values().stream().mapToLong(Long::longValue).sum();
      return Math.max(0, total - result.requests()) / units();
    }

    /** What the per-request figures divide by: requests, or completed journeys for the journey. */
    double units() {
      return journey ? result.journeys() : result.requests();
    }

    /** CPU milliseconds per request (per journey for the journey) spent in each process. */
    Map<String, Double> cpuPerUnit() {
      double units = units();
      Map<String, Double> per = new LinkedHashMap<>();
      cpuMs.forEach((k, v) -> per.put(k, units == 0 ? Double.NaN : v / units));
      return per;
    }


    /** For the journey the figure is completed order+pay pairs per second. */
    double rate() {
      return journey ? result.journeysPerSecond() : result.perSecond();
    }
  }

  private final List<Row> rows = new ArrayList<>();
  private final JsonObject extra = new JsonObject();
  private final Map<String, StatementAccount.Account> accounts = new LinkedHashMap<>();
  private final Map<String, JfrSummary> profiles = new LinkedHashMap<>();
  private String profiled = "";

  /** The database counters per request that say what durability costs. */
  static final List<String> DURABILITY_COUNTERS = List.of("Com_commit", "Handler_commit", "Innodb_log_writes",
    "Innodb_os_log_fsyncs", "Innodb_data_fsyncs");

  private final Map<String, Long> connections = new LinkedHashMap<>();
  private final java.util.Set<String> serverCounters = new java.util.TreeSet<>();

  /** The counters the server has at all: one it lacks is shown as such, not as 0. */
  void serverCounters(java.util.Collection<String> names) {
    serverCounters.addAll(names);
  }

  /** Connections open on the server as a phase's measured run ended (the runner's own one included). */
  void connections(String phase, long open) {
    connections.put(phase, open);
  }

  void statements(String phase, StatementAccount.Account account) {
    accounts.put(phase, account);
  }

  void profile(String phase, String processes, JfrSummary summary) {
    profiled = processes;
    profiles.put(phase, summary);
  }

  void add(Row row) {
    rows.add(row);
  }

  JsonObject extra() {
    return extra;
  }

  /**
   * The server counters that moved during a phase (which kinds of statement, how many rows the
   * engine touched): in results.json only, under {@code db_counters}.
   */
  void dbCounters(String phase, Map<String, Long> before, Map<String, Long> after) {
    JsonObject moved = new JsonObject();
    after.forEach((k, v) -> {
      long d = v - before.getOrDefault(k, 0L);
      if (d > 0) {
        moved.put(k, d);
      }
    });
    if (!extra.containsKey("db_counters")) {
      extra.put("db_counters", new JsonObject());
    }
    extra.getJsonObject("db_counters").put(phase, moved);
  }

  private double ceiling(String name) {
    return rows.stream().filter(r -> r.name().equals(name)).mapToDouble(Row::rate).findFirst().orElse(Double.NaN);
  }

  String table() {
    double json = ceiling("ceiling-json");
    double db = ceiling("ceiling-db");
    StringBuilder s = new StringBuilder();
    s.append("| phase | request | req/s | p50 ms | p99 ms | errors | vs JSON ceiling | vs DB-lookup ceiling "
      + "| backlog at end | cores used | req/s per core |\n");
    s.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      Wrk.Result w = r.result();
      s.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f | %.2f | %d | %s | %s | %s | %s | %s |%n",
        r.name(), r.what(), r.journey()
          ? String.format(Locale.ROOT, "%,.0f journeys/s (%,.0f req/s)", r.rate(), w.perSecond())
          : String.format(Locale.ROOT, "%,.0f", r.rate()),
        w.p50Ms(), w.p99Ms(), w.errors(), pct(r.rate() / json), pct(r.rate() / db),
        r.backlog() < 0 ? "—" : r.backlog() == 0 ? "0" : String.format(Locale.ROOT, "%,d (drained in %.1f s)",
          r.backlog(), r.drainSeconds()),
        Double.isNaN(r.coresUsed()) ? "—" : String.format(Locale.ROOT, "%.2f", r.coresUsed()),
        Double.isNaN(r.perCore()) ? "—" : String.format(Locale.ROOT, "%,.0f", r.perCore())));
    }
    return s.toString();
  }

  /**
   * Per request (per journey): explicit COMMITs, the engine's commits (autocommitted statements
   * included), InnoDB log writes and log fsyncs (at production durability about one per commit
   * group: what a real disk's flush latency multiplies), data-file fsyncs.
   */
  String durabilityTable() {
    JsonObject all = extra.getJsonObject("db_counters", new JsonObject());
    StringBuilder s = head(DURABILITY_COUNTERS.stream().map(c -> "`" + c + "`").toList(),
      List.of("connections open at the end"));
    for (Row r : rows) {
      JsonObject moved = all.getJsonObject(r.name(), new JsonObject());
      s.append("| ").append(r.name()).append(" |");
      for (String c : DURABILITY_COUNTERS) {
        Long v = moved.getLong(c);
        if (!serverCounters.isEmpty() && !serverCounters.contains(c)) {
          s.append(" not on this server |");
          continue;
        }
        s.append(r.units() == 0 ? " — |" : String.format(Locale.ROOT, " %.3f |", v == null ? 0.0 : v / r.units()));
      }
      long open = connections.getOrDefault(r.name(), -1L);
      s.append(open < 0 ? " — |" : " " + open + " |").append('\n');
    }
    return s.toString();
  }

  /** A table's head: "phase", then the columns and the trailing columns, all numbers (right-aligned). */
  private static StringBuilder head(java.util.Collection<String> columns, List<String> trailing) {
    StringBuilder s = new StringBuilder("| phase |");
    List<String> all = new ArrayList<>(columns);
    all.addAll(trailing);
    all.forEach(c -> s.append(' ').append(c).append(" |"));
    s.append("\n|---|");
    all.forEach(c -> s.append("---:|"));
    return s.append('\n');
  }

  /** Which process spent the CPU: milliseconds per request (per journey), and their sum. */
  String cpuTable() {
    TreeSet<String> procs = new TreeSet<>();
    rows.forEach(r -> procs.addAll(r.cpuMs().keySet()));
    StringBuilder s = head(procs, List.of("total", "DB statements", "round trips between services"));
    for (Row r : rows) {
      Map<String, Double> per = r.cpuPerUnit();
      s.append("| ").append(r.name()).append(" |");
      double total = 0;
      for (String p : procs) {
        Double v = per.get(p);
        s.append(v == null || v.isNaN() ? " — |" : String.format(Locale.ROOT, " %.3f |", v));
        total += v == null || v.isNaN() ? 0 : v;
      }
      s.append(String.format(Locale.ROOT, " %.3f | %s | %s |%n", total, oneDecimal(r.statementsPerUnit()),
        oneDecimal(r.roundTripsPerUnit())));
    }
    return s.toString();
  }

  private static String oneDecimal(double v) {
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.1f", v);
  }

  private static String pct(double ratio) {
    return Double.isNaN(ratio) ? "—" : String.format(Locale.ROOT, "%.0f%%", ratio * 100);
  }

  JsonObject json() {
    JsonArray arr = new JsonArray();
    double json = ceiling("ceiling-json");
    double db = ceiling("ceiling-db");
    for (Row r : rows) {
      Wrk.Result w = r.result();
      arr.add(new JsonObject().put("phase", r.name()).put("request", r.what())
        .put("per_second", round(r.rate())).put("requests_per_second", round(w.perSecond()))
        .put("requests", w.requests()).put("seconds", round(w.seconds()))
        .put("p50_ms", round(w.p50Ms())).put("p99_ms", round(w.p99Ms()))
        .put("non_2xx", w.non2xx()).put("socket_errors", w.socketErrors()).put("errors", w.errors())
        .put("journeys", r.journey() ? w.journeys() : null)
        .put("ran_out_of_orders", w.exhausted())
        .put("cpu_ms_per_unit", cpuJson(r))
        .put("db_statements_per_unit", round(r.statementsPerUnit()))
        .put("round_trips_between_services_per_unit", round(r.roundTripsPerUnit()))
        .put("requests_received_by_service", new JsonObject(new LinkedHashMap<>(r.received())))
        .put("backlog_at_end", r.backlog()).put("drain_seconds", round(r.drainSeconds()))
        .put("wall_seconds", round(r.wallSeconds())).put("cores_used", round(r.coresUsed()))
        .put("per_second_per_core", round(r.perCore()))
        .put("ratio_to_json_ceiling", round(r.rate() / json)).put("ratio_to_db_ceiling", round(r.rate() / db)));
    }
    JsonObject out = new JsonObject().put("results", arr).mergeIn(extra);
    out.put("connections_open_at_end", new JsonObject(new LinkedHashMap<>(connections)));
    if (!accounts.isEmpty()) {
      JsonObject a = new JsonObject();
      accounts.forEach((phase, acc) -> a.put(phase, acc.json()));
      out.put("statement_accounts", a);
    }
    if (!profiles.isEmpty()) {
      JsonObject p = new JsonObject().put("processes", profiled);
      profiles.forEach((phase, sum) -> p.put(phase, sum.json(PROFILE_ROWS)));
      out.put("profiles", p);
    }
    return out;
  }

  private static final int PROFILE_ROWS = 15;

  private static JsonObject cpuJson(Row r) {
    JsonObject j = new JsonObject();
    r.cpuPerUnit().forEach((k, v) -> j.put(k, Math.round(v * 1000) / 1000.0));
    return j;
  }

  private static double round(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? -1 : Math.round(v * 100) / 100.0;
  }

  String markdown(String command) {
    StringBuilder s = new StringBuilder("# Benchmark results\n\n");
    s.append("Command: `").append(command).append("`\n\n");
    s.append(extra.getString("machine", "")).append("\n\n");
    s.append(table()).append('\n');
    s.append("## CPU milliseconds per request (per journey for the journey), by process, and the statements "
      + "the database ran per request (its Queries counter: everything, relays and sweepers included); both "
      + "include draining what the phase left in the outboxes\n\n")
      .append(cpuTable()).append('\n');
    s.append("## Commits and log flushes per request (per journey): at production durability each log fsync is a "
      + "wait on the disk\n\n").append(durabilityTable()).append('\n');
    if (!accounts.isEmpty()) {
      s.append("## Per-statement account of the write phases (performance_schema, -Dstatements=true)\n\n");
      accounts.forEach((phase, acc) -> s.append(acc.markdown(phase)));
    }
    if (!profiles.isEmpty()) {
      s.append("## CPU profile of ").append(profiled).append(" during the write phases (JFR, -Dprofile)\n\n");
      profiles.forEach((phase, sum) -> s.append(sum.markdown(phase, PROFILE_ROWS)));
    }
    s.append("## Processes\n\n| process | time to healthy (first start, with migrations) | time to healthy "
      + "(restart) | peak RSS (VmHWM) |\n|---|---:|---:|---:|\n");
    for (Object o : extra.getJsonArray("processes", new JsonArray())) {
      JsonObject p = (JsonObject) o;
      s.append(String.format(Locale.ROOT, "| %s | %s | %s | %.0f MiB |%n", p.getString("name"),
        seconds(p.getDouble("first_start_s")), seconds(p.getDouble("start_s")), p.getDouble("peak_rss_mib")));
    }
    s.append("\n## Stock audit\n\n```json\n").append(extra.getJsonObject("stock_audit", new JsonObject())
      .encodePrettily()).append("\n```\n");
    return s.toString();
  }

  private static String seconds(Double v) {
    return v == null || v < 0 ? "—" : String.format(Locale.ROOT, "%.2f s", v);
  }

  void write(Path dir, String command) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("results.json"), json().encodePrettily());
    Files.writeString(dir.resolve("results.md"), markdown(command));
  }
}
