package shop.testing.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** When the process tests skip, and why. */
class SystemRequirementsTest {

  @Test
  void aJarWhoseMainClassIsMissingIsNotRunnable(@TempDir Path dir) throws Exception {
    assertFalse(SystemRequirements.runnable(dir.resolve("absent.jar")));
    assertFalse(SystemRequirements.runnable(jar(dir.resolve("skeleton.jar"), "shop.x.XMain", false)),
      "a module skeleton's jar names a main class it does not contain");
    assertTrue(SystemRequirements.runnable(jar(dir.resolve("real.jar"), "shop.x.XMain", true)));
  }

  @Test
  void aMissingJarIsNamedWithTheCommandThatBuildsIt() {
    assumeFalse("true".equalsIgnoreCase(System.getenv("SHOP_REQUIRE_SYSTEM")), "here a missing jar fails instead");
    String why = SystemRequirements.missing(List.of("no-such-verticle"), false);
    assertNotNull(why);
    assertTrue(why.contains("no-such-verticle/target/no-such-verticle.jar"), why);
    assertTrue(why.contains("./mvnw -pl no-such-verticle -am package"), why);
    assertTrue(why.contains("SHOP_REQUIRE_SYSTEM=true"), why);
  }

  private static Path jar(Path file, String mainClass, boolean withClass) throws Exception {
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
    try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, m)) {
      if (withClass) {
        jar.putNextEntry(new JarEntry(mainClass.replace('.', '/') + ".class"));
        jar.write(new byte[] {(byte) 0xCA, (byte) 0xFE});
        jar.closeEntry();
      }
    }
    return file;
  }
}
