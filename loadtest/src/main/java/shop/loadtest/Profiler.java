package shop.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code -Dprofile=order}: a flight recording (JFR, the {@code profile} settings: a CPU sample every
 * 10 ms per thread) of each process of that service, started with {@code jcmd JFR.start} when a
 * write phase's measured run begins and stopped, written and summarized when it ends, so the
 * warm-ups are not in it. The files stay in {@code target/bench/jfr/} for {@code jfr print}.
 */
final class Profiler {

  private final Path dir;
  private final Map<String, Long> pids;
  private final List<Path> current = new ArrayList<>();
  private String recording;

  /** {@code pids}: the profiled service's processes by name (e.g. order, order-2). */
  Profiler(Path dir, Map<String, Long> pids) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.pids = pids;
  }

  void start(String phase) throws IOException, InterruptedException {
    recording = "bench-" + phase;
    current.clear();
    for (Map.Entry<String, Long> p : pids.entrySet()) {
      Path file = dir.resolve(phase + "-" + p.getKey() + ".jfr");
      Files.deleteIfExists(file);
      jcmd(p.getValue(), "JFR.start", "name=" + recording, "settings=profile", "filename=" + file);
      current.add(file);
    }
  }

  /** Stops the recordings (which writes them) and summarizes their CPU samples. */
  JfrSummary stop() throws IOException, InterruptedException {
    for (Long pid : pids.values()) {
      jcmd(pid, "JFR.stop", "name=" + recording);
    }
    List<Path> written = current.stream().filter(Files::isRegularFile).toList();
    return JfrSummary.read(written);
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
