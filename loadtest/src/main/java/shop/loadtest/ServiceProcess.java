package shop.loadtest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One service (or the ceiling) as its own {@code java} process, with the time from spawn to healthy. */
final class ServiceProcess {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  final String name;
  final int port;
  private final Process process;
  private final long spawnedNanos;
  private long healthyNanos = -1;

  private ServiceProcess(String name, int port, Process process, long spawnedNanos) {
    this.name = name;
    this.port = port;
    this.process = process;
    this.spawnedNanos = spawnedNanos;
  }

  /** Starts {@code java <flags> <launch...>} with {@code env}; its output goes to {@code log}. */
  static ServiceProcess start(String name, int port, List<String> jvmFlags, List<String> launch,
                              Map<String, String> env, Path log) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmFlags);
    cmd.addAll(launch);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
      .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putAll(env);
    Files.writeString(log, "\n=== " + String.join(" ", cmd) + "\n", java.nio.file.StandardOpenOption.CREATE,
      java.nio.file.StandardOpenOption.APPEND);
    long t0 = System.nanoTime();
    return new ServiceProcess(name, port, pb.start(), t0);
  }

  /** Polls {@code GET /health} every 20 ms until it answers 200; the time counts from the spawn. */
  ServiceProcess awaitHealthy(Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
      .timeout(Duration.ofSeconds(1)).build();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + " (see its log)");
      }
      try {
        if (HTTP.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          healthyNanos = System.nanoTime();
          return this;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException(name + " not healthy within " + max.toSeconds() + " s");
  }

  double startupSeconds() {
    return healthyNanos < 0 ? Double.NaN : (healthyNanos - spawnedNanos) / 1e9;
  }

  long pid() {
    return process.pid();
  }

  /** Peak resident set size so far ({@code VmHWM}), in MiB; -1 when /proc is not there. */
  double peakRssMib() {
    return procStatusKib("VmHWM:") / 1024.0;
  }

  double rssMib() {
    return procStatusKib("VmRSS:") / 1024.0;
  }

  private long procStatusKib(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** SIGTERM, then SIGKILL after {@code graceSeconds}. */
  void stop(int graceSeconds) throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}
