package shop.launcher;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service named in {@code SHOP_RELOAD_SERVICES}: its own {@code main} in a child JVM on the
 * launcher's classpath, restarted whenever its compiled classes change (the IDE's build, or
 * {@code ./mvnw compile}), so a change answers within seconds while the rest of the shop keeps
 * running. A child JVM rather than a fresh class loader: nothing of the old code can linger.
 */
final class ChildService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChildService.class);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private static final long QUIET_MS = 300;
  private static final long HEALTHY_WITHIN_MS = 60_000;

  private final ServiceSpec spec;
  private final Map<String, String> env;
  private final Path argFile;
  private final URI health;
  private final ClassesWatcher watcher;
  private Process process;

  private ChildService(ServiceSpec spec, Map<String, String> env, Path argFile, URI health, Path classes) {
    this.spec = spec;
    this.env = Map.copyOf(env);
    this.argFile = argFile;
    this.health = health;
    this.process = launch();
    this.watcher = new ClassesWatcher(classes, QUIET_MS, this::restart);
  }

  /** Starts the service's main with {@code env} on top of the launcher's environment, and watches its classes. */
  static ChildService start(ServiceSpec spec, Map<String, String> env, DataDir dataDir, String url) {
    Path classes = classesOf(spec);
    // the classpath goes in an @argfile: an IDE's classpath is longer than a Windows command line allows
    String cp = System.getProperty("java.class.path").replace("\\", "\\\\").replace("\"", "\\\"");
    Path argFile = dataDir.writePrivate(spec.processName() + ".args", "-cp \"" + cp + "\"\n");
    LOG.info("{} runs as its own process, restarted when {} changes", spec.title(), classes);
    return new ChildService(spec, env, argFile, URI.create(url + "/health"), classes);
  }

  /** The folder the service's classes are loaded from; in shop.jar there is none to watch. */
  static Path classesOf(ServiceSpec spec) {
    try {
      Path where = Path.of(spec.main().getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!Files.isDirectory(where)) {
        throw new LaunchException(LaunchSettings.RELOAD + " needs the " + spec.title() + "'s classes in a folder, "
          + "but they are in " + where.getFileName() + ": run the launcher from the IDE (or "
          + LaunchSettings.EXTERNAL + "=" + spec.name() + " and start the service yourself).");
      }
      return where;
    } catch (URISyntaxException e) {
      throw new LaunchException("Cannot find where the " + spec.title() + "'s classes are: " + e.getMessage(), e);
    }
  }

  private Process launch() {
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      // C1 only: a service restarted for every change starts faster, and peak speed does not matter here
      "-XX:TieredStopAtLevel=1", "@" + argFile, spec.main().getName());
    ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
    pb.environment().putAll(env);
    try {
      return pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the " + spec.title(), e);
    }
  }

  /** Stops the running copy (SIGTERM, so it drains like in production) and starts the new classes. */
  private synchronized void restart() {
    long changed = System.nanoTime();
    LOG.info("{} classes changed: restarting it", spec.title());
    stop();
    process = launch();
    if (awaitHealthy(HEALTHY_WITHIN_MS)) {
      LOG.info("{} restarted: answering {} ms after its classes settled", spec.title(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - changed));
    } else {
      LOG.warn("{} did not answer within {} s of its restart (a compile error?); it restarts on the next change",
        spec.title(), HEALTHY_WITHIN_MS / 1000);
    }
  }

  /** Polls {@code /health} until it answers 200 or the process exits; false on either failure. */
  synchronized boolean awaitHealthy(long withinMs) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(withinMs);
    while (System.nanoTime() < deadline && process.isAlive()) {
      try {
        HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(1)).build(),
          HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return true;
        }
      } catch (IOException notYet) {
        // still starting
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  private void stop() {
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

  @Override
  public synchronized void close() {
    watcher.close();
    stop();
    try {
      Files.deleteIfExists(argFile);
    } catch (IOException e) {
      LOG.warn("cannot remove {}: {}", argFile, e.toString());
    }
  }
}
