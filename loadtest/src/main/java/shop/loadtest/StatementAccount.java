package shop.loadtest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A per-statement account of one phase from MariaDB's performance_schema
 * ({@code -Dstatements=true} starts the server with it), emptied before the measured run and read
 * after the drain, so it holds every statement the phase caused. Two tables: text queries (the
 * transactions' {@code BEGIN}/{@code COMMIT}, the services' few plain queries) are summarized by
 * digest in {@code events_statements_summary_by_digest}; prepared statements (the Vert.x MySQL
 * client's binary protocol, {@code COM_STMT_EXECUTE}: nearly all of the services' work) are NOT
 * in that table on MariaDB 11.4 (measured: {@code StatementAccountTest}) but in
 * {@code prepared_statements_instances}, one row per statement per connection, with its
 * executions and their time; their difference over the phase is summed by text and by the
 * connection's database.
 * Statements on a connection without a default database are the benchmark's own (its counter
 * reads and backlog polls: every service connects to its own database) and are kept apart, so the
 * services' statements can be checked against the server's {@code Questions} counter.
 */
final class StatementAccount {

  /** One digest: the normalized text, where it ran, how often, and the server time it took in all. */
  record Digest(String schema, String text, long count, double totalMs) {
  }

  /** The account of one phase: the services' digests, the benchmark's own count, and what they divide by. */
  record Account(List<Digest> services, long benchmarkOwn, double units, long questions, long stmtExecute,
                 long preparedLost) {

    /** Executions of prepared statements in the account (all the services'; the benchmark prepares none). */
    long preparedCount() {
      return services.stream().filter(d -> d.text().startsWith(PREPARED)).mapToLong(Digest::count).sum();
    }

    long servicesCount() {
      return services.stream().mapToLong(Digest::count).sum();
    }

    double perUnit(long n) {
      return units == 0 ? Double.NaN : n / units;
    }

    /**
     * The part of the server's {@code Questions} (statements from clients) that the digests account
     * for; 1.0 = every statement is in the account. Below 1, statements were missed (the digest table
     * full, or a kind of statement performance_schema does not file under a digest).
     */
    double coverage() {
      return questions <= 0 ? Double.NaN : (double) (servicesCount() + benchmarkOwn) / questions;
    }

    String markdown(String phase) {
      StringBuilder s = new StringBuilder();
      s.append(String.format(Locale.ROOT, "### %s: %.1f statements per request from the services "
          + "(performance_schema digests), %.1f ms of server time per request%n%n", phase,
        perUnit(servicesCount()), units == 0 ? Double.NaN
          : services.stream().mapToDouble(Digest::totalMs).sum() / units));
      s.append("| database | statement (digest) | per request | server ms per request | µs each |\n")
        .append("|---|---|---:|---:|---:|\n");
      for (Digest d : services) {
        s.append(String.format(Locale.ROOT, "| %s | `%s` | %.2f | %.3f | %.0f |%n", d.schema(),
          shorten(d.text(), 160).replace("|", "\\|"), perUnit(d.count()), units == 0 ? Double.NaN : d.totalMs() / units,
          d.count() == 0 ? 0 : d.totalMs() * 1000 / d.count()));
      }
      s.append(String.format(Locale.ROOT, "%nServer time is latency inside the server, waits for locks and log flushes included (not CPU).%n"
          + "Checked against the server's counters over the same span: %,d statements "
          + "from the services + %,d the benchmark's own (counter reads, backlog polls) = %,d; `Questions` counted %,d "
          + "(%s). Prepared executions in the account %,d, `Com_stmt_execute` %,d (%s).%n%n",
        servicesCount(), benchmarkOwn, servicesCount() + benchmarkOwn, questions, coverageNote(), preparedCount(),
        stmtExecute, preparedCount() == stmtExecute ? "equal" : "differ by " + (stmtExecute - preparedCount())));
      if (preparedLost > 0) {
        s.append(String.format(Locale.ROOT, "performance_schema could not instrument %,d prepared statements "
          + "(`Performance_schema_prepared_statements_lost`): their executions are the missing part.%n%n", preparedLost));
      }
      return s.toString();
    }

    /** A few statements at either end are the counter reads' own: not a gap in the account. */
    static final int BOUNDARY = 5;

    String coverageNote() {
      if (questions <= 0) {
        return "Questions not read";
      }
      long missing = questions - servicesCount() - benchmarkOwn;
      if (Math.abs(missing) <= BOUNDARY) {
        return missing == 0 ? "all accounted for"
          : "all accounted for, ±" + Math.abs(missing) + " of the counter reads at the span's ends";
      }
      return missing > 0
        ? String.format(Locale.ROOT, "%,d not in the account: %.1f%% missing — executions of prepared statements whose "
          + "copies were gone from performance_schema when the phase ended (closed with their connection or by the "
          + "client); per statement kind the `Com_*` counters in results.json, `db_counters`, are complete",
          missing, 100 - coverage() * 100)
        : String.format(Locale.ROOT, "the account holds %,d more than Questions counted", -missing);
    }

    JsonObject json() {
      JsonArray arr = new JsonArray();
      services.forEach(d -> arr.add(new JsonObject().put("schema", d.schema()).put("digest_text", d.text())
        .put("count", d.count()).put("per_unit", perUnit(d.count()))
        .put("total_ms", d.totalMs()).put("ms_per_unit", units == 0 ? null : d.totalMs() / units)));
      return new JsonObject().put("statements", arr).put("services_statements", servicesCount())
        .put("benchmark_statements", benchmarkOwn).put("questions", questions).put("units", units)
        .put("prepared_executions", preparedCount()).put("com_stmt_execute", stmtExecute)
        .put("prepared_statements_lost", preparedLost)
        .put("coverage", Double.isNaN(coverage()) ? null : coverage());
    }
  }

  private StatementAccount() {
  }

  /**
   * The prepared statements' counters at the start of a phase, per statement instance: their
   * executions during the phase are the difference at its end. Not TRUNCATE: on MariaDB 11.4 that
   * detaches the statements already prepared from their rows, and their later executions go
   * uncounted (measured: with the pools' statements prepared during the warm-up, 40–60 % of the
   * executions were missing), while a difference keeps every statement that stays prepared.
   */
  record Start(Map<String, Long> executions, Map<String, Long> picoseconds) {
  }

  /**
   * Empties the digest summary and takes the prepared statements' counters (the start of a
   * phase's account). The prepared statements' executions are counted only for statements prepared
   * while the {@code events_statements_current} consumer was on (measured: with it off their counts
   * stay 0), so the runner starts the server with it on; this turns it on too, for a server started
   * without it.
   */
  static Start reset(Connection c) throws SQLException {
    Map<String, Long> executions = new HashMap<>();
    Map<String, Long> picoseconds = new HashMap<>();
    try (Statement st = c.createStatement()) {
      st.execute("UPDATE performance_schema.setup_consumers SET ENABLED = 'YES' WHERE NAME = 'events_statements_current'");
      st.execute("TRUNCATE TABLE performance_schema.events_statements_summary_by_digest");
      try (ResultSet rs = st.executeQuery("SELECT OBJECT_INSTANCE_BEGIN, COUNT_EXECUTE, SUM_TIMER_EXECUTE "
        + "FROM performance_schema.prepared_statements_instances")) {
        while (rs.next()) {
          executions.put(rs.getString(1), rs.getLong(2));
          picoseconds.put(rs.getString(1), rs.getLong(3));
        }
      }
    }
    return new Start(executions, picoseconds);
  }

  /**
   * Every statement since {@code start}: text digests, and the prepared statements' executions
   * summed by text and database (each connection prepares its own copy). A prepared statement's
   * text is the client's, not normalized, and marked {@code [prepared]}. A statement whose
   * connection closed during the phase takes its counts with it (the check against the counters
   * says how many).
   */
  static List<Digest> read(Connection c, Start start) throws SQLException {
    List<Digest> out = new ArrayList<>();
    try (Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT SCHEMA_NAME, DIGEST_TEXT, COUNT_STAR, SUM_TIMER_WAIT "
        + "FROM performance_schema.events_statements_summary_by_digest WHERE COUNT_STAR > 0")) {
        while (rs.next()) {
          // timers are in picoseconds
          out.add(new Digest(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4) / 1e9));
        }
      }
      Map<List<String>, long[]> prepared = new LinkedHashMap<>();
      Map<List<String>, int[]> instances = new LinkedHashMap<>();
      try (ResultSet rs = st.executeQuery("SELECT p.OBJECT_INSTANCE_BEGIN, t.PROCESSLIST_DB, p.SQL_TEXT, "
        + "p.COUNT_EXECUTE, p.SUM_TIMER_EXECUTE FROM performance_schema.prepared_statements_instances p "
        + "LEFT JOIN performance_schema.threads t ON t.THREAD_ID = p.OWNER_THREAD_ID")) {
        while (rs.next()) {
          String id = rs.getString(1);
          long n = rs.getLong(4) - start.executions().getOrDefault(id, 0L);
          long ps = rs.getLong(5) - start.picoseconds().getOrDefault(id, 0L);
          int[] seen = instances.computeIfAbsent(Arrays.asList(rs.getString(2), rs.getString(3)), k -> new int[2]);
          seen[0]++;
          seen[1] += n > 0 ? 1 : 0;
          if (n > 0) {
            long[] sum = prepared.computeIfAbsent(Arrays.asList(rs.getString(2), rs.getString(3)), k -> new long[2]);
            sum[0] += n;
            sum[1] += ps;
          }
        }
      }
      prepared.forEach((k, v) -> out.add(new Digest(k.get(0), PREPARED + k.get(1), v[0], v[1] / 1e9)));
      // which prepared copies counted nothing: where an account falls short, this says whether some
      // connections' statements stay uncounted (printed, not in the account)
      instances.forEach((k, v) -> {
        if (v[1] < v[0] && v[1] > 0) {
          Benchmark.say(String.format("statements: %s %s: %d of %d prepared copies counted executions", k.get(0),
            shorten(String.valueOf(k.get(1)), 60), v[1], v[0]));
        }
      });
    }
    return out;
  }

  /** How a prepared statement's text is marked in the account. */
  static final String PREPARED = "[prepared] ";

  /**
   * The account: the services' digests (a default database set) most frequent first, the
   * benchmark's own (none set) as one count; {@code units} requests (or journeys), {@code questions}
   * the {@code Questions} counter's move over the same span.
   */
  static Account account(List<Digest> digests, double units, long questions, long stmtExecute, long preparedLost) {
    List<Digest> services = new ArrayList<>();
    long own = 0;
    for (Digest d : digests) {
      if (d.schema() == null || d.schema().isEmpty()) {
        own += d.count();
      } else {
        services.add(new Digest(d.schema(), oneLine(d.text()), d.count(), d.totalMs()));
      }
    }
    services.sort(Comparator.comparingLong(Digest::count).reversed().thenComparing(Digest::text,
      Comparator.nullsFirst(Comparator.naturalOrder())));
    return new Account(services, own, units, questions, stmtExecute, preparedLost);
  }

  /** Digest text on one line, its runs of blanks single (the server writes {@code ` ( ? , ? ) `}). */
  static String oneLine(String text) {
    return text == null ? "(no text: the digest table was full)" : text.replaceAll("\\s+", " ").trim();
  }

  static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
