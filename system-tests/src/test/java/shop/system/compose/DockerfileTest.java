package shop.system.compose;

import org.junit.jupiter.api.Test;
import shop.testing.process.Repo;

import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The image recipes, read as text: there is no Docker engine to build them here. */
class DockerfileTest {

  private static List<String> instructions(String file) throws Exception {
    String text = Files.readString(Repo.DOCKER.resolve(file)).replaceAll("\\\\\\n", " ");
    return text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }

  private static List<String> starting(List<String> lines, String keyword) {
    return lines.stream().filter(l -> l.toUpperCase().startsWith(keyword + " ")).toList();
  }

  @Test
  void serviceImageBuildsOnTheJdkAndRunsOnTheJreAsNonRoot() throws Exception {
    List<String> lines = instructions("Dockerfile");
    List<String> from = starting(lines, "FROM");
    assertEquals(2, from.size(), "multi-stage: " + from);
    assertEquals("FROM eclipse-temurin:17-jdk AS build", from.get(0));
    assertEquals("FROM eclipse-temurin:17-jre", from.get(1));
    assertTrue(lines.stream().anyMatch(l -> l.contains("./mvnw") && l.contains("-pl \"$MODULE\" -am package")),
      "builds the module with the Maven wrapper");
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("COPY --from=build")), "the runtime stage takes only the jar");
    List<String> user = starting(lines, "USER");
    assertEquals(1, user.size());
    Matcher uid = Pattern.compile("USER (\\d+)(:\\d+)?").matcher(user.get(0));
    assertTrue(uid.matches(), "numeric user so Kubernetes can check runAsNonRoot: " + user);
    assertFalse(uid.group(1).equals("0"), "not root");
    assertTrue(lines.indexOf(user.get(0)) > lines.indexOf(from.get(1)), "USER applies to the runtime stage");
  }

  @Test
  void serviceImageChecksHealthAndSizesTheHeapFromTheContainer() throws Exception {
    List<String> lines = instructions("Dockerfile");
    List<String> health = starting(lines, "HEALTHCHECK");
    assertEquals(1, health.size());
    assertTrue(health.get(0).contains("/health\""), health.get(0));
    String env = String.join(" ", starting(lines, "ENV"));
    for (String flag : List.of("-XX:+UseContainerSupport", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError")) {
      assertTrue(env.contains(flag), flag);
    }
    List<String> entry = starting(lines, "ENTRYPOINT");
    assertEquals(List.of("ENTRYPOINT [\"java\", \"-jar\", \"/app/app.jar\"]"), entry, "exec form: java gets SIGTERM");
    assertFalse(String.join("\n", lines).matches("(?s).*(SECRET_KEY|PASSWORD)=.*"), "no secret baked into the image");
  }

  @Test
  void frontendImageIsNginxWithTheFrontendConfigOn8081() throws Exception {
    List<String> lines = instructions("Dockerfile.frontend");
    List<String> from = starting(lines, "FROM");
    assertTrue(from.get(from.size() - 1).matches("FROM \\S*nginx\\S*:\\S+"), "the image is nginx: " + from);
    String all = String.join("\n", lines);
    assertTrue(all.contains("org.webjars:swagger-ui") && all.contains("COPY --from=swagger-ui /out/ /usr/share/nginx/swagger-ui/"),
      "Swagger UI comes from the webjar, unpacked in a build stage (no CDN)");
    assertTrue(all.contains("frontend/nginx.conf"), "uses frontend/nginx.conf");
    assertTrue(starting(lines, "EXPOSE").contains("EXPOSE 8081"));
    assertEquals(1, starting(lines, "HEALTHCHECK").size());
    List<String> user = starting(lines, "USER");
    assertFalse(user.isEmpty(), "runs as a non-root user");
    assertFalse(user.get(user.size() - 1).matches("USER (root|0)(:.*)?"), user.toString());
  }

  @Test
  void buildContextLeavesOutBuildOutputAndLocalSecrets() throws Exception {
    for (String ignore : List.of("Dockerfile.dockerignore", "Dockerfile.frontend.dockerignore")) {
      List<String> rules = Files.readAllLines(Repo.DOCKER.resolve(ignore));
      assertTrue(rules.containsAll(List.of("**/target/", ".git/", "**/.env", "docker/k8s/secrets.env")), ignore + ": " + rules);
    }
  }
}
