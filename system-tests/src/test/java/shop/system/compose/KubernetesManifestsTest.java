package shop.system.compose;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import shop.testing.compose.ComposeFile;
import shop.testing.compose.DotEnv;
import shop.testing.compose.TestEnv;
import shop.testing.compose.Yamls;
import shop.testing.process.Repo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kustomize base under docker/k8s, parsed; built with kubectl when it is installed. */
class KubernetesManifestsTest {

  private static final List<String> STATELESS = List.of("product-service", "user-service", "order-service",
    "payment-service", "notification-service", "frontend");

  private final Map<String, Object> kustomization = ComposeFile.load(Repo.K8S.resolve("kustomization.yaml"));
  private final List<Map<String, Object>> objects = objects();

  private List<Map<String, Object>> objects() {
    List<Map<String, Object>> all = new ArrayList<>();
    for (Object file : Yamls.list(kustomization.get("resources"), "resources")) {
      all.addAll(Yamls.documents(Repo.K8S.resolve(file.toString())));
    }
    return all;
  }

  private List<Map<String, Object>> kind(String kind) {
    return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
  }

  private static String name(Map<String, Object> o) {
    return String.valueOf(Yamls.path(o, "metadata", "name"));
  }

  private static List<Map<String, Object>> containers(Map<String, Object> workload) {
    return Yamls.list(Yamls.path(workload, "spec", "template", "spec", "containers"), name(workload)).stream()
      .map(c -> Yamls.map(c, name(workload))).toList();
  }

  private Map<String, Object> deployment(String name) {
    return kind("Deployment").stream().filter(d -> name.equals(name(d))).findFirst()
      .orElseThrow(() -> new AssertionError("no Deployment " + name));
  }

  @Test
  void everyWorkloadHasProbesAndResourceRequestsAndLimits() {
    List<Map<String, Object>> workloads = new ArrayList<>(kind("Deployment"));
    workloads.addAll(kind("StatefulSet"));
    assertTrue(workloads.size() >= 7, "five services, frontend, mysql: " + workloads.size());
    for (Map<String, Object> w : workloads) {
      for (Map<String, Object> c : containers(w)) {
        String where = name(w) + "/" + c.get("name");
        assertNotNull(c.get("readinessProbe"), where + " readinessProbe");
        assertNotNull(c.get("livenessProbe"), where + " livenessProbe");
        for (String bound : List.of("requests", "limits")) {
          for (String res : List.of("cpu", "memory")) {
            assertNotNull(Yamls.path(c, "resources", bound, res), where + " resources." + bound + "." + res);
          }
        }
      }
    }
  }

  @Test
  @DisplayName("services are ready on /health (database reachable) and alive on /health/live")
  void servicesProbeHealthAndLiveness() {
    for (String name : ComposeFile.APP_SERVICES) {
      Map<String, Object> c = containers(deployment(name)).get(0);
      assertEquals("/health", Yamls.path(c, "readinessProbe", "httpGet", "path"), name);
      assertEquals("/health/live", Yamls.path(c, "livenessProbe", "httpGet", "path"), name);
      assertEquals(Boolean.TRUE, Yamls.path(deployment(name), "spec", "template", "spec", "securityContext", "runAsNonRoot"), name);
      assertEquals("shop/" + name + ":latest", c.get("image"), name);
    }
  }

  @Test
  void everyStatelessDeploymentHasAnAutoscalerAndAService() {
    Set<String> scaled = new HashSet<>();
    for (Map<String, Object> hpa : kind("HorizontalPodAutoscaler")) {
      assertEquals("autoscaling/v2", hpa.get("apiVersion"));
      assertEquals("Deployment", Yamls.path(hpa, "spec", "scaleTargetRef", "kind"));
      scaled.add(String.valueOf(Yamls.path(hpa, "spec", "scaleTargetRef", "name")));
      assertTrue(((Number) Yamls.path(hpa, "spec", "minReplicas")).intValue() >= 2, name(hpa) + " keeps two replicas");
    }
    assertEquals(Set.copyOf(STATELESS), scaled);
    Set<String> services = new HashSet<>();
    kind("Service").forEach(s -> services.add(name(s)));
    assertTrue(services.containsAll(STATELESS), services.toString());
    Map<String, Object> edge = kind("Service").stream().filter(s -> name(s).equals("frontend")).findFirst().orElseThrow();
    assertEquals("LoadBalancer", Yamls.path(edge, "spec", "type"), "the frontend is the entry point");
    assertTrue(kind("HorizontalPodAutoscaler").stream().noneMatch(h -> name(h).equals("mysql")), "the database is not autoscaled");
  }

  @Test
  @DisplayName("each Deployment gets every key compose gives that service, secrets only from the Secret")
  void environmentMatchesComposeAndSecretsComeFromTheSecret() {
    ComposeFile compose = ComposeFile.resolved(TestEnv.generate());
    for (String name : ComposeFile.APP_SERVICES) {
      Map<String, Object> c = containers(deployment(name)).get(0);
      Set<String> keys = new HashSet<>();
      for (Object e : Yamls.list(c.get("env"), name + ".env")) {
        Map<String, Object> var = Yamls.map(e, name);
        String key = String.valueOf(var.get("name"));
        keys.add(key);
        if (key.matches(".*(SECRET|PASSWORD).*")) {
          assertNotNull(Yamls.path(var, "valueFrom", "secretKeyRef"), name + " " + key + " comes from the Secret");
        }
      }
      for (String key : compose.service(name).environment().keySet()) {
        assertTrue(keys.contains(key), name + " Deployment lacks " + key + " that compose sets");
      }
    }
    assertTrue(kind("Secret").isEmpty(), "no Secret object in git: it is generated from the git-ignored secrets.env");
  }

  @Test
  void secretsComeFromAGitIgnoredFileWhoseTemplateHasNoValues() throws IOException {
    Map<String, Object> generator = Yamls.map(Yamls.list(kustomization.get("secretGenerator"), "secretGenerator").get(0), "gen");
    assertEquals("shop-secrets", generator.get("name"));
    assertEquals(List.of("secrets.env"), generator.get("envs"));
    assertTrue(Files.readAllLines(Repo.DOCKER.resolve(".gitignore")).contains("k8s/secrets.env"));
    Map<String, String> template = DotEnv.read(Repo.K8S.resolve("secrets.env.example"));
    assertFalse(template.isEmpty());
    template.forEach((k, v) -> assertEquals("", v, k + " has no value in secrets.env.example"));
    for (String file : List.of("config.env")) {
      DotEnv.read(Repo.K8S.resolve(file)).keySet().forEach(k ->
        assertFalse(k.matches(".*(SECRET|PASSWORD).*"), k + " is a secret and belongs in secrets.env"));
    }
  }

  @Test
  @DisplayName("kubectl kustomize builds the base (skipped where kubectl is not installed)")
  void kustomizeBuilds() throws Exception {
    Path kubectl = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
      .map(p -> Path.of(p, "kubectl")).filter(Files::isExecutable).findFirst().orElse(null);
    Assumptions.assumeTrue(kubectl != null, "kubectl is not installed: kustomize build not checked");
    Path copy = Files.createTempDirectory("shop-k8s");
    try {
      try (Stream<Path> files = Files.list(Repo.K8S)) {
        for (Path f : files.toList()) {
          Files.copy(f, copy.resolve(f.getFileName().toString()));
        }
      }
      Files.copy(Repo.K8S.resolve("secrets.env.example"), copy.resolve("secrets.env"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Process p = new ProcessBuilder(kubectl.toString(), "kustomize", copy.toString()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize finished");
      assertEquals(0, p.exitValue(), out);
      assertEquals(7, java.util.regex.Pattern.compile("(?m)^kind: Deployment$").matcher(out).results().count(),
        "five services, frontend, mailpit");
      assertTrue(out.contains("kind: StatefulSet"));
      assertTrue(out.contains("namespace: shop"));
    } finally {
      try (Stream<Path> files = Files.walk(copy)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }
}
