package shop.testing.process;

import java.io.IOException;
import java.io.UncheckedIOException;
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

/**
 * One service as its own {@code java -jar} process with exactly the environment given, its output
 * in {@code <logs>/<name>.log}. {@link #close()} stops it like Docker does: SIGTERM, then a kill
 * after 10 s. {@link #kill()} and {@link #restart()} are for fault tests: the same command, the same
 * port, the log appended to.
 */
public final class ServiceProcess implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final int port;
  private final List<String> command;
  private final Map<String, String> env;
  private final Path logs;
  private final Path log;
  private volatile Process process;

  private ServiceProcess(String name, int port, List<String> command, Map<String, String> env, Path logs) {
    this.name = name;
    this.port = port;
    this.command = List.copyOf(command);
    this.env = Map.copyOf(env);
    this.logs = logs;
    this.log = logs.resolve(name + ".log");
  }

  /**
   * Starts {@code jar} with {@code env} as its whole environment and {@code jvmFlags} standing in
   * for the container's limits (the cgroup a real container would have).
   */
  public static ServiceProcess start(String name, Path jar, List<String> jvmFlags, Map<String, String> env, int port,
                                     Path logs) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmFlags);
    cmd.add("-jar");
    cmd.add(jar.toString());
    ServiceProcess p = new ServiceProcess(name, port, cmd, env, logs);
    try {
      Files.deleteIfExists(p.log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    p.spawn();
    return p;
  }

  private void spawn() {
    try {
      Files.createDirectories(logs);
      ProcessBuilder pb = new ProcessBuilder(command)
        .directory(logs.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      pb.environment().clear();
      pb.environment().putAll(env);
      Process p = pb.start();
      p.getOutputStream().close();
      process = p;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  /** The same command, environment and port again, once the previous process has gone. */
  public ServiceProcess restart() {
    if (process.isAlive()) {
      throw new IllegalStateException(name + " is still running (pid " + process.pid() + ")");
    }
    spawn();
    return this;
  }

  /**
   * The same jar, flags and port with some environment values changed (a null value removes the
   * variable): a new process (this one must be stopped).
   */
  public ServiceProcess withEnv(Map<String, String> changes) {
    if (process.isAlive()) {
      throw new IllegalStateException(name + " is still running (pid " + process.pid() + ")");
    }
    Map<String, String> next = new java.util.HashMap<>(env);
    changes.forEach((k, v) -> {
      if (v == null) {
        next.remove(k);
      } else {
        next.put(k, v);
      }
    });
    ServiceProcess p = new ServiceProcess(name, port, command, next, logs);
    p.spawn();
    return p;
  }

  public String name() {
    return name;
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public Map<String, String> env() {
    return env;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** Waits for GET /health to answer 200; fails at once, with the log's tail, if the process dies. */
  public void awaitHealthy(Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited with " + process.exitValue() + " before it was healthy:\n" + tail(40));
      }
      try {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/health"))
          .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
        last = r.statusCode() + " " + r.body();
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      pause(200);
    }
    throw new AssertionError(name + " not healthy within " + within.toSeconds() + " s (last: " + last + "):\n" + tail(40));
  }

  /** {@code kill -9}: no shutdown hook runs, nothing is drained. */
  public void kill() {
    process.destroyForcibly();
    waitForExit(Duration.ofSeconds(10));
  }

  /** Sends SIGTERM and answers how long the process took to exit, or -1 when it had not within {@code max}. */
  public long terminate(Duration max) {
    long t0 = System.nanoTime();
    process.destroy();
    return waitForExit(max) ? TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) : -1;
  }

  private boolean waitForExit(Duration max) {
    try {
      return process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(no log: " + e + ")";
    }
  }

  public String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  public static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
