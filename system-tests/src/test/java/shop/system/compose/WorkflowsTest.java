package shop.system.compose;

import shop.testing.process.Repo;
import shop.testing.compose.ComposeFile;
import shop.testing.compose.Yamls;
import shop.testing.compose.TestEnv;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The GitHub Actions workflows, read as YAML: CI runs exactly .ci/run; a v* tag pushes the compose file's six images. */
class WorkflowsTest {

  private static final Path WORKFLOWS = Repo.ROOT.resolve(".github/workflows");

  /** YAML 1.1 reads the key {@code on} as the boolean true. */
  private static Object on(Map<String, Object> workflow) {
    return workflow.containsKey("on") ? workflow.get("on") : ((Map<?, ?>) workflow).get(Boolean.TRUE);
  }

  private static List<Map<String, Object>> steps(Map<String, Object> job) {
    return Yamls.list(job.get("steps"), "steps").stream().map(s -> Yamls.map(s, "step")).toList();
  }

  private static Map<String, Object> uses(List<Map<String, Object>> steps, String action) {
    return steps.stream().filter(s -> String.valueOf(s.get("uses")).startsWith(action + "@")).findFirst()
      .orElseThrow(() -> new AssertionError("no step uses " + action));
  }

  @Test
  @DisplayName("ci.yml runs exactly .ci/run on ubuntu-latest with JDK 17 and a cached Maven repository")
  void ciRunsTheProjectsOwnCiScript() {
    Map<String, Object> ci = ComposeFile.load(WORKFLOWS.resolve("ci.yml"));
    assertTrue(Yamls.map(on(ci), "on").containsKey("pull_request"), "runs on pull requests");
    Map<String, Object> job = Yamls.map(Yamls.map(ci.get("jobs"), "jobs").get("verify"), "verify");
    assertEquals("ubuntu-latest", job.get("runs-on"));
    List<Map<String, Object>> steps = steps(job);
    Map<String, Object> java = Yamls.map(uses(steps, "actions/setup-java").get("with"), "setup-java");
    assertEquals("17", String.valueOf(java.get("java-version")));
    assertTrue(String.valueOf(Yamls.map(uses(steps, "actions/cache").get("with"), "cache").get("path")).endsWith(".m2/repository"));
    List<String> runs = steps.stream().filter(s -> s.containsKey("run")).map(s -> String.valueOf(s.get("run")).strip()).toList();
    assertEquals(List.of("bash .ci/run"), runs, "the only command is the project's CI script");
    assertTrue(Files.isRegularFile(Repo.ROOT.resolve(".ci/run")));
  }

  @Test
  @DisplayName("images.yml pushes on v* tags exactly the images the compose file builds, each from its own Dockerfile and module")
  void imagesWorkflowBuildsTheComposeImages() {
    Map<String, Object> wf = ComposeFile.load(WORKFLOWS.resolve("images.yml"));
    Map<String, Object> push = Yamls.map(Yamls.map(on(wf), "on").get("push"), "push");
    assertEquals(List.of("v*"), push.get("tags"));
    Map<String, Object> job = Yamls.map(Yamls.map(wf.get("jobs"), "jobs").get("push"), "push");
    List<Map<String, Object>> matrix = Yamls.list(Yamls.path(job, "strategy", "matrix", "include"), "matrix").stream()
      .map(m -> Yamls.map(m, "matrix entry")).toList();

    ComposeFile compose = ComposeFile.resolved(TestEnv.generate());
    Map<String, ComposeFile.Service> built = new LinkedHashMap<>();
    compose.services().keySet().stream().map(compose::service).filter(s -> !s.build().isEmpty())
      .forEach(s -> built.put(s.image().replaceAll("^[^/]+/|:[^:]+$", ""), s));
    assertEquals(new TreeSet<>(built.keySet()), matrix.stream().map(m -> String.valueOf(m.get("image")))
      .collect(Collectors.toCollection(TreeSet::new)), "the images of docker-compose.yml");
    assertEquals(6, built.size());
    for (Map<String, Object> entry : matrix) {
      ComposeFile.Service svc = built.get(String.valueOf(entry.get("image")));
      assertEquals(svc.build().get("dockerfile"), entry.get("dockerfile"), svc.name());
      assertEquals(svc.buildArgs().get("MODULE"), entry.get("module"), svc.name());
      assertEquals(svc.buildArgs().get("SERVICE_PORT"), entry.get("port"), svc.name());
    }

    List<Map<String, Object>> steps = steps(job);
    Map<String, Object> build = Yamls.map(uses(steps, "docker/build-push-action").get("with"), "build-push");
    assertEquals(Boolean.TRUE, build.get("push"));
    assertEquals("${{ env.DOCKERHUB_USER }}/${{ matrix.image }}:${{ github.ref_name }}", build.get("tags"));
    assertTrue(String.valueOf(Yamls.path(job, "env", "DOCKERHUB_USER")).contains("DOCKERHUB_USER"));
    Map<String, Object> login = Yamls.map(uses(steps, "docker/login-action").get("with"), "login");
    assertEquals("${{ secrets.DOCKERHUB_TOKEN }}", login.get("password"));
    assertEquals(Set.of("image", "dockerfile"), Set.copyOf(matrix.get(matrix.size() - 1).keySet()), "the frontend takes no build args");
  }
}
