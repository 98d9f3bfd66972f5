package shop.system.compose;

import shop.testing.process.Repo;
import shop.testing.compose.ComposeFile;
import shop.testing.compose.Yamls;
import shop.testing.compose.TestEnv;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Prometheus, Grafana and the scale-out override as compose reads them: what is scraped, what is
 * provisioned, and that the dashboard's queries are well-formed and read the metrics it is about.
 * ComposeJourneyTest checks those metric names against the real services' /metrics.
 */
class MonitoringFilesTest {

  private final ComposeFile compose = ComposeFile.resolved(TestEnv.generate());

  @Test
  void metricNamesAreReadOutOfPromQl() {
    assertEquals(Set.of("vertx_http_server_response_time_seconds_bucket"), Dashboard.metricNames(
      "histogram_quantile(0.95, sum by (job, route, le) (rate(vertx_http_server_response_time_seconds_bucket{job=~\"$service\", route!=\"\"}[$__rate_interval])))"));
    assertEquals(Set.of("a_total", "b_total"), Dashboard.metricNames(
      "sum by (job) (rate(a_total{code=~\"5..\"}[5m])) / on (job) sum without (x) (rate(b_total[1m])) * 60 > bool 1e3"));
    assertEquals(Set.of("x", "y"), Dashboard.exported("# HELP x\nx{a=\"1\"} 1.0\ny 2\n\n"));
  }

  @Test
  @DisplayName("every panel queries the provisioned Prometheus and the dashboard covers traffic, errors, latency, pool, outbox, emails, orders, payments")
  void dashboardQueriesTheProvisionedPrometheus() throws IOException {
    Map<String, Object> datasources = ComposeFile.load(Dashboard.GRAFANA.resolve("provisioning/datasources/prometheus.yml"));
    Map<String, Object> prometheus = Yamls.map(Yamls.list(datasources.get("datasources"), "datasources").get(0), "datasource");
    assertEquals("prometheus", prometheus.get("type"));
    assertEquals("http://prometheus:9090", prometheus.get("url"), "the compose service");
    String uid = String.valueOf(prometheus.get("uid"));

    assertEquals("shop", Dashboard.json().getString("uid"));
    Set<Integer> ids = new HashSet<>();
    for (JsonObject panel : Dashboard.panels()) {
      assertTrue(ids.add(panel.getInteger("id")), "panel ids are unique: " + panel.getInteger("id"));
      assertEquals(uid, panel.getJsonObject("datasource").getString("uid"), panel.getString("title"));
      assertFalse(panel.getJsonArray("targets").isEmpty(), panel.getString("title"));
      panel.getJsonArray("targets").forEach(t -> {
        JsonObject target = (JsonObject) t;
        assertEquals(uid, target.getJsonObject("datasource").getString("uid"), panel.getString("title"));
        assertFalse(Dashboard.metricNames(target.getString("expr")).isEmpty(), target.getString("expr"));
        assertEquals(count(target.getString("expr"), '('), count(target.getString("expr"), ')'), target.getString("expr"));
      });
    }
    assertTrue(Dashboard.metricNames().containsAll(List.of("vertx_http_server_requests_total",
      "vertx_http_server_response_time_seconds_bucket", "vertx_pool_in_use", "vertx_pool_queue_pending",
      "vertx_pool_queue_time_seconds_bucket", "shop_outbox_backlog", "shop_outbox_oldest_age_seconds",
      "notification_emails_total", "shop_orders_placed_total", "shop_payments_total")), Dashboard.metricNames().toString());
    assertTrue(Dashboard.queries().stream().anyMatch(q -> q.contains("by (job, method, route")),
      "rate, errors and latency per service and route");
  }

  @Test
  @DisplayName("Grafana loads the datasource and the dashboard from the repository and shows it as the home page")
  void grafanaIsProvisionedFromTheRepository() {
    ComposeFile.Service grafana = compose.service("grafana");
    List<String> volumes = Yamls.list(grafana.spec().get("volumes"), "grafana.volumes").stream().map(String::valueOf).toList();
    assertTrue(volumes.contains("./grafana/provisioning:/etc/grafana/provisioning:ro"), volumes.toString());
    assertTrue(volumes.contains("./grafana/dashboards:/var/lib/grafana/dashboards:ro"), volumes.toString());
    Map<String, Object> providers = ComposeFile.load(Dashboard.GRAFANA.resolve("provisioning/dashboards/shop.yml"));
    Map<String, Object> provider = Yamls.map(Yamls.list(providers.get("providers"), "providers").get(0), "provider");
    assertEquals("/var/lib/grafana/dashboards", Yamls.path(provider, "options", "path"));
    assertEquals("/var/lib/grafana/dashboards/" + Dashboard.FILE.getFileName(),
      grafana.environment().get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"));
    assertEquals("Viewer", grafana.environment().get("GF_AUTH_ANONYMOUS_ORG_ROLE"), "anonymous visitors only look");
    assertEquals(List.of("127.0.0.1:3000:3000"), grafana.ports(), "Grafana on the loopback address only");
    assertEquals("service_healthy", grafana.dependsOn().get("prometheus"));
  }

  @Test
  @DisplayName("Prometheus scrapes /metrics of every replica of every service, one job per service")
  void prometheusScrapesEveryService() {
    ComposeFile.Service prometheus = compose.service("prometheus");
    assertTrue(String.valueOf(prometheus.spec().get("volumes")).contains("./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro"));
    assertEquals(List.of("127.0.0.1:9090:9090"), prometheus.ports(), "Prometheus on the loopback address only");
    Map<String, Object> config = ComposeFile.load(Repo.DOCKER.resolve("prometheus/prometheus.yml"));
    List<?> jobs = Yamls.list(config.get("scrape_configs"), "scrape_configs");
    for (String name : ComposeFile.APP_SERVICES) {
      String job = name.replace("-service", "");
      Map<String, Object> scrape = jobs.stream().map(j -> Yamls.map(j, "job"))
        .filter(j -> job.equals(j.get("job_name"))).findFirst()
        .orElseThrow(() -> new AssertionError("no scrape job " + job));
      assertEquals("/metrics", scrape.get("metrics_path"), job);
      Map<String, Object> dns = Yamls.map(Yamls.list(scrape.get("dns_sd_configs"), job).get(0), job);
      assertEquals(List.of(name), dns.get("names"), job + ": every replica behind the compose name");
      assertEquals("A", dns.get("type"));
      assertEquals(compose.service(name).environment().get("PORT"), String.valueOf(dns.get("port")), job);
    }
  }

  @Test
  @DisplayName("the scale-out override drops every service's host port, so replicas can start")
  void scaleOverrideResetsTheHostPorts() throws IOException {
    Object doc = new Yaml(new ResetTag()).load(Files.readString(Repo.DOCKER.resolve("docker-compose.scale.yml")));
    Map<String, Object> services = Yamls.map(Yamls.map(doc, "override").get("services"), "services");
    assertEquals(Set.copyOf(ComposeFile.APP_SERVICES), services.keySet());
    services.forEach((name, spec) -> assertEquals(Map.of("ports", "!reset"), spec, name));
  }

  /** Compose's {@code !reset} tag (drop what the base file set), read as the string "!reset". */
  private static final class ResetTag extends SafeConstructor {
    ResetTag() {
      super(new LoaderOptions());
      yamlConstructors.put(new Tag("!reset"), new AbstractConstruct() {
        @Override
        public Object construct(Node node) {
          return "!reset";
        }
      });
    }
  }

  private static long count(String s, char c) {
    return s.chars().filter(x -> x == c).count();
  }
}
