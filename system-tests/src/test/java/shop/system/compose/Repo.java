package shop.system.compose;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the deployment files live, found from the test's working directory. */
public final class Repo {

  public static final Path ROOT = findRoot();
  public static final Path DOCKER = ROOT.resolve("docker");
  public static final Path COMPOSE_FILE = DOCKER.resolve("docker-compose.yml");
  static final Path ENV_EXAMPLE = DOCKER.resolve(".env.example");
  static final Path INIT_SCRIPT = DOCKER.resolve("mysql/init/01-databases.sh");
  static final Path K8S = DOCKER.resolve("k8s");
  static final Path FRONTEND = ROOT.resolve("frontend");
  static final Path LOGS = ROOT.resolve("system-tests/target/compose-logs");

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

  static Path jar(String module) {
    return ROOT.resolve(module).resolve("target").resolve(module + ".jar");
  }
}
