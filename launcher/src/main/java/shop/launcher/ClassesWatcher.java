package shop.launcher;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Watches a folder of compiled classes (and every folder below it) and calls back once a burst of
 * changes has settled: a build writes many files, and the service should restart once, after the
 * last one. Runs on its own daemon thread, never on an event loop.
 */
final class ClassesWatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ClassesWatcher.class);

  private final Path root;
  private final long quietMs;
  private final Runnable onChange;
  private final WatchService watch;
  private final Thread thread;

  ClassesWatcher(Path root, long quietMs, Runnable onChange) {
    this.root = root;
    this.quietMs = quietMs;
    this.onChange = onChange;
    try {
      this.watch = root.getFileSystem().newWatchService();
      registerTree(root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot watch " + root, e);
    }
    this.thread = new Thread(this::loop, "shop-watch-" + root.getFileName());
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    try {
      while (true) {
        drain(watch.take());
        // a build writes a burst of files: wait until none has changed for quietMs
        WatchKey more;
        while ((more = watch.poll(quietMs, TimeUnit.MILLISECONDS)) != null) {
          drain(more);
        }
        onChange.run();
      }
    } catch (InterruptedException | ClosedWatchServiceException stopped) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("watching {} stopped: {}", root, e.toString());
    }
  }

  /** Reads a key's events, watching folders created since (a new package), and re-arms it. */
  private void drain(WatchKey key) {
    Path dir = (Path) key.watchable();
    for (WatchEvent<?> event : key.pollEvents()) {
      if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && event.context() instanceof Path name
        && Files.isDirectory(dir.resolve(name))) {
        try {
          registerTree(dir.resolve(name));
        } catch (IOException e) {
          LOG.warn("cannot watch {}: {}", dir.resolve(name), e.toString());
        }
      }
    }
    key.reset();
  }

  private void registerTree(Path top) throws IOException {
    try (Stream<Path> dirs = Files.walk(top)) {
      for (Path dir : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
        dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
          StandardWatchEventKinds.ENTRY_DELETE);
      }
    }
  }

  @Override
  public void close() {
    thread.interrupt();
    try {
      watch.close();
    } catch (IOException e) {
      LOG.warn("closing the watch on {}: {}", root, e.toString());
    }
  }
}
