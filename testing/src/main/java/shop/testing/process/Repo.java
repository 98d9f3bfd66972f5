package shop.testing.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where the repository's files live, found from the test's working directory. */
public final class Repo {

  public static final Path ROOT = findRoot();
  public static final Path DOCKER = ROOT.resolve("docker");
  public static final Path FRONTEND = ROOT.resolve("frontend");
  public static final Path COMPOSE_FILE = DOCKER.resolve("docker-compose.yml");
  public static final Path ENV_EXAMPLE = DOCKER.resolve(".env.example");
  public static final Path INIT_SCRIPT = DOCKER.resolve("mysql/init/01-databases.sh");
  public static final Path K8S = DOCKER.resolve("k8s");

  private static final Pattern IMAGE_JAVA_OPTIONS = Pattern.compile("JDK_JAVA_OPTIONS=\"([^\"]*)\"");

  private Repo() {
  }

  private static Path findRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.exists(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("docker"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("cannot find the repository root (a folder with mvnw and docker/)");
  }

  /** The module's fat jar, as {@code ./mvnw package} builds it. */
  public static Path jar(String module) {
    return ROOT.resolve(module).resolve("target").resolve(module + ".jar");
  }

  /** The JVM options docker/Dockerfile gives every service image ({@code JDK_JAVA_OPTIONS}). */
  public static String imageJavaOptions() {
    try {
      Matcher m = IMAGE_JAVA_OPTIONS.matcher(Files.readString(DOCKER.resolve("Dockerfile")));
      if (!m.find()) {
        throw new AssertionError("docker/Dockerfile sets no JDK_JAVA_OPTIONS");
      }
      return m.group(1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
