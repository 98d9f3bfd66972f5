package shop.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code -Dprofile=order}: that service's processes run with a flight recording from their start
 * ({@link #FLAG}: JFR's {@code profile} settings, a CPU sample every 10 ms per running Java
 * thread), so turning it on costs nothing during a measurement (starting one with {@code jcmd} in
 * the middle of a phase was measured to deoptimize the service: 4× its CPU per order). After a write
 * phase's measured run the recording is dumped ({@code jcmd JFR.dump}) and only the samples taken
 * between the run's start and its end are summarized. The dumps stay in {@code target/bench/jfr/}
 * for {@code jfr print --events jdk.ExecutionSample}.
 */
final class Profiler {

  static final String RECORDING = "bench-profile";
  /** The flag the profiled service's processes start with. */
  static final String FLAG = "-XX:StartFlightRecording=name=" + RECORDING + ",settings=profile,maxage=15m";

  private final Path dir;
  private final Map<String, Long> pids;
  private String phase;
  private Instant from;

  /** {@code pids}: the profiled service's processes by name (e.g. order, order-2). */
  Profiler(Path dir, Map<String, Long> pids) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.pids = pids;
  }

  void start(String phase) {
    this.phase = phase;
    this.from = Instant.now();
  }

  /** Dumps the recordings and summarizes the CPU samples since {@link #start}. */
  JfrSummary stop() throws IOException, InterruptedException {
    Instant to = Instant.now();
    List<Path> files = new ArrayList<>();
    for (Map.Entry<String, Long> p : pids.entrySet()) {
      Path file = dir.resolve(phase + "-" + p.getKey() + ".jfr");
      Files.deleteIfExists(file);
      jcmd(p.getValue(), "JFR.dump", "name=" + RECORDING, "filename=" + file);
      files.add(file);
    }
    return JfrSummary.read(files, from, to);
  }

  String processes() {
    return String.join(", ", pids.keySet());
  }

  private static void jcmd(long pid, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    cmd.add(Long.toString(pid));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed: " + out.trim());
    }
  }
}
