package shop.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Four services keep their Flyway scripts at the same classpath location, {@code db/migration},
 * which is fine in their own jars but, in one JVM, hands every service every other service's
 * {@code V1__*.sql}. The launcher's build copies each module's scripts to
 * {@code migrations/<service>/db/migration}; at start they are written to the data directory and
 * each service is deployed with this class loader as its context class loader (which Flyway
 * scans), so {@code db/migration} shows that service's scripts only. Everything else is the
 * application class loader's.
 */
final class MigrationLoader extends ClassLoader {

  static final String LOCATION = "db/migration";

  private final Path root;

  private MigrationLoader(ClassLoader parent, Path root) {
    super("migrations-" + root.getFileName(), parent);
    this.root = root;
  }

  /**
   * A loader for {@code service}, or null when the build packed no separate scripts for it (it then
   * uses its own location, as the order service does).
   */
  static MigrationLoader forService(String service, Path dataDir) {
    String prefix = "migrations/" + service + "/" + LOCATION;
    URL packed = Launcher.class.getClassLoader().getResource(prefix);
    if (packed == null) {
      return null;
    }
    Path root = dataDir.resolve("migrations").resolve(service);
    copyTree(packed, root.resolve(LOCATION));
    return new MigrationLoader(Launcher.class.getClassLoader(), root);
  }

  private static boolean ours(String name) {
    return name.equals(LOCATION) || name.equals(LOCATION + "/") || name.startsWith(LOCATION + "/");
  }

  @Override
  public URL getResource(String name) {
    if (!ours(name)) {
      return super.getResource(name);
    }
    Path file = root.resolve(name);
    try {
      return Files.exists(file) ? file.toUri().toURL() : null;
    } catch (MalformedURLException e) {
      return null;
    }
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    if (!ours(name)) {
      return super.getResources(name);
    }
    URL url = getResource(name);
    return Collections.enumeration(url == null ? List.of() : List.of(url));
  }

  @Override
  public InputStream getResourceAsStream(String name) {
    URL url = getResource(name);
    try {
      return url == null ? null : url.openStream();
    } catch (IOException e) {
      return null;
    }
  }

  /** Copies a classpath directory (in shop.jar or in target/classes) to {@code target}, replacing what was there. */
  private static void copyTree(URL source, Path target) {
    try {
      deleteTree(target);
      Files.createDirectories(target);
      URI uri = source.toURI();
      if ("jar".equals(uri.getScheme())) {
        try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
          copyFiles(jar.provider().getPath(uri), target);
        } catch (java.nio.file.FileSystemAlreadyExistsException open) {
          copyFiles(FileSystems.getFileSystem(uri).provider().getPath(uri), target);
        }
      } else {
        copyFiles(Path.of(uri), target);
      }
    } catch (IOException | URISyntaxException e) {
      throw new LaunchException("Cannot prepare the database migrations in " + target + ": " + e.getMessage(), e);
    }
  }

  private static void copyFiles(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path dest = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(f, dest, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Collections.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
