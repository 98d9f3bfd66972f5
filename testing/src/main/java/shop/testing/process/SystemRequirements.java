package shop.testing.process;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * What the process tests need from the machine. Missing pieces skip the test with a message,
 * or fail it when {@code SHOP_REQUIRE_SYSTEM=true} (CI, where skipping would hide a broken setup).
 */
public final class SystemRequirements {

  private static final Logger LOG = LoggerFactory.getLogger(SystemRequirements.class);

  private SystemRequirements() {
  }

  /**
   * Why the process tests cannot run here, or null when they can: a missing service jar, nginx or
   * frontend/nginx.conf. With SHOP_REQUIRE_SYSTEM=true a missing piece fails at once instead.
   * Surefire does not report a class skipped in {@code @BeforeAll}, so tests call this there and
   * skip each test in {@code @BeforeEach} with the reason.
   */
  public static String missing(List<String> modules, boolean frontendConfig) {
    List<String> problems = new ArrayList<>();
    List<String> jars = new ArrayList<>();
    for (String module : modules) {
      if (!runnable(Repo.jar(module))) {
        jars.add(Repo.ROOT.relativize(Repo.jar(module)).toString());
      }
    }
    if (!jars.isEmpty()) {
      problems.add("service jars not built or without their main class: " + jars
        + " (build: ./mvnw -pl " + String.join(",", modules) + " -am package -DskipTests)");
    }
    if (nginx() == null) {
      problems.add("nginx is not installed (Debian: apt-get install -y nginx)");
    }
    if (frontendConfig && !Files.isRegularFile(Repo.FRONTEND.resolve("nginx.conf"))) {
      problems.add("frontend/nginx.conf does not exist");
    }
    if (problems.isEmpty()) {
      return null;
    }
    String why = String.join("; ", problems);
    if ("true".equalsIgnoreCase(System.getenv("SHOP_REQUIRE_SYSTEM"))) {
      Assertions.fail(why + " (SHOP_REQUIRE_SYSTEM=true, so this is a failure, not a skip)");
    }
    LOG.warn("process tests skipped: {}", why);
    return why + " — skipped; SHOP_REQUIRE_SYSTEM=true makes this a failure";
  }

  /** Skips the calling test when {@link #missing} gave a reason. */
  public static void skipIf(String missing) {
    Assumptions.assumeTrue(missing == null, missing);
  }

  /** A fat jar whose manifest names a Main-Class that the jar really contains. */
  public static boolean runnable(Path jar) {
    if (!Files.isRegularFile(jar)) {
      return false;
    }
    try (JarFile j = new JarFile(jar.toFile())) {
      String main = j.getManifest() == null ? null : j.getManifest().getMainAttributes().getValue("Main-Class");
      return main != null && j.getEntry(main.replace('.', '/') + ".class") != null;
    } catch (IOException e) {
      return false;
    }
  }

  public static Path nginx() {
    return Stream.concat(Stream.of(System.getenv().getOrDefault("PATH", "").split(":")),
        Stream.of("/usr/sbin", "/usr/local/sbin", "/usr/local/nginx/sbin"))
      .filter(p -> !p.isBlank())
      .map(p -> Path.of(p, "nginx"))
      .filter(Files::isExecutable)
      .findFirst().orElse(null);
  }
}
