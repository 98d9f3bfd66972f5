package shop.system.compose;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import shop.common.db.DbConfig;
import shop.testing.compose.ComposeFile;
import shop.testing.compose.DotEnv;
import shop.testing.compose.InitScript;
import shop.testing.compose.Interpolation;
import shop.testing.compose.TestEnv;
import shop.testing.process.Repo;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docker/docker-compose.yml, .env.example and the MySQL init script, read as compose reads them. */
class ComposeFileTest {

  private static final Map<String, Integer> PORTS = Map.of("product-service", 5000, "user-service", 5001,
    "order-service", 5002, "payment-service", 5003, "notification-service", 5005);

  private final Map<String, String> env = TestEnv.generate();
  private final ComposeFile compose = ComposeFile.resolved(env);

  @Test
  void everyServiceIsBuiltFromItsModuleAndTaggedForDockerHub() {
    for (String name : ComposeFile.APP_SERVICES) {
      ComposeFile.Service svc = compose.service(name);
      String module = name.replace("-service", "-verticle");
      assertEquals("..", svc.build().get("context"), name + " build context is the repository root");
      assertEquals("docker/Dockerfile", svc.build().get("dockerfile"), name);
      assertEquals(module, svc.buildArgs().get("MODULE"), name + " builds its own module");
      assertTrue(Files.exists(Repo.ROOT.resolve(module).resolve("pom.xml")), module + " exists");
      assertEquals(String.valueOf(PORTS.get(name)), svc.buildArgs().get("SERVICE_PORT"), name);
      assertEquals("shop/" + name + ":latest", svc.image(), name + " image with the defaults");
      ComposeFile published = ComposeFile.resolved(TestEnv.with(env, Map.of("DOCKERHUB_USER", "acme", "TAG", "1.4.2")));
      assertEquals("acme/" + name + ":1.4.2", published.service(name).image(), name + " image for docker compose push");
    }
    assertEquals("acme/frontend:2.0.0",
      ComposeFile.resolved(TestEnv.with(env, Map.of("DOCKERHUB_USER", "acme", "TAG", "2.0.0"))).service("frontend").image());
  }

  @Test
  void everyServiceIsHealthCheckedRestartedLimitedPublishedOnLoopbackAndWaitsForAHealthyDatabase() {
    for (String name : ComposeFile.APP_SERVICES) {
      ComposeFile.Service svc = compose.service(name);
      assertTrue(svc.healthcheckCommand().contains("/health"), name + " healthcheck asks /health: " + svc.healthcheckCommand());
      assertEquals("service_healthy", svc.dependsOn().get("mysql"), name + " waits for a healthy mysql");
      assertEquals("unless-stopped", svc.spec().get("restart"), name);
      assertTrue(svc.memoryLimitBytes() >= 256L << 20, name + " has a memory limit of at least 256M");
      assertEquals(List.of("127.0.0.1:" + PORTS.get(name) + ":" + PORTS.get(name)), svc.ports(),
        name + " is published on its own port, on the loopback address only");
    }
    assertEquals("service_healthy", compose.service("notification-service").dependsOn().get("mailpit"));
    for (String name : ComposeFile.APP_SERVICES) {
      assertEquals("service_healthy", compose.service("frontend").dependsOn().get(name), "frontend waits for " + name);
    }
  }

  @Test
  void everyServiceGetsItsPortTheSharedKeyAndItsOwnDatabaseAndUser() {
    for (String name : ComposeFile.APP_SERVICES) {
      Map<String, String> e = compose.service(name).environment();
      String svc = name.replace("-service", "");
      assertEquals(String.valueOf(PORTS.get(name)), e.get("PORT"), name);
      assertEquals(env.get("SECRET_KEY"), e.get("SECRET_KEY"), name);
      DbConfig db = DbConfig.from(new JsonObject().put("DATABASE_URI", e.get("DATABASE_URI")), "unused");
      assertEquals("mysql", db.host(), name);
      assertEquals(3306, db.port(), name);
      assertEquals(svc + "_db", db.database(), name + " uses its own database");
      assertEquals(svc + "_user", db.user(), name + " uses its own least-privilege user");
      assertEquals(env.get(svc.toUpperCase() + "_DB_PASSWORD"), db.password(), name);
      for (String other : PORTS.keySet()) {
        String key = other.replace("-service", "").toUpperCase() + "_SERVICE_URL";
        assertEquals("http://" + other + ":" + PORTS.get(other), e.get(key), name + " " + key);
      }
    }
    Map<String, String> mail = compose.service("notification-service").environment();
    assertEquals("mailpit", mail.get("SMTP_SERVER"));
    assertEquals("1025", mail.get("SMTP_PORT"));
    assertEquals(env.get("ADMIN_PASSWORD"), compose.service("user-service").environment().get("ADMIN_PASSWORD"));
  }

  @Test
  @DisplayName("each secret is required: compose refuses to start without it, naming it")
  void everySecretIsRequired() {
    for (String secret : List.of("SECRET_KEY", "MYSQL_ROOT_PASSWORD", "PRODUCT_DB_PASSWORD", "USER_DB_PASSWORD",
      "ORDER_DB_PASSWORD", "PAYMENT_DB_PASSWORD", "NOTIFICATION_DB_PASSWORD", "ADMIN_PASSWORD",
      "GRAFANA_ADMIN_PASSWORD")) {
      Map<String, String> without = new HashMap<>(env);
      without.put(secret, "");
      Interpolation.MissingVariable missing =
        assertThrows(Interpolation.MissingVariable.class, () -> ComposeFile.resolved(without), secret);
      assertEquals(secret, missing.variable());
      assertTrue(missing.getMessage().contains(secret + " must be set"), missing.getMessage());
    }
  }

  @Test
  @DisplayName("no secret has a literal value or a usable default in the compose file")
  void noLiteralSecrets() {
    ComposeFile raw = ComposeFile.raw();
    Pattern secretKey = Pattern.compile(".*(SECRET|PASSWORD|TOKEN|_KEY).*");
    for (String name : raw.services().keySet()) {
      for (Map.Entry<String, String> e : raw.service(name).environment().entrySet()) {
        if (!secretKey.matcher(e.getKey()).matches()) {
          continue;
        }
        Map<String, Interpolation.Reference> refs = Interpolation.references(e.getValue());
        assertEquals(1, refs.size(), name + " " + e.getKey() + " must be exactly one ${...} reference: " + e.getValue());
        Interpolation.Reference ref = refs.values().iterator().next();
        assertEquals("${" + ref.name() + (ref.op() == null ? "" : ref.op() + ref.arg()) + "}", e.getValue(),
          name + " " + e.getKey() + " is only the reference");
        boolean smtpLogin = ref.name().equals("EMAIL_PASSWORD");
        assertTrue(ref.required() || smtpLogin && "".equals(ref.fallback()),
          name + " " + e.getKey() + " must be ${VAR:?message} (SMTP login may default to empty): " + e.getValue());
      }
      String uri = raw.service(name).environment().get("DATABASE_URI");
      if (uri != null) {
        assertTrue(uri.matches("mysql://\\w+:\\$\\{[A-Z_]+_DB_PASSWORD:\\?[^}]+}@mysql:3306/\\w+"),
          name + " DATABASE_URI takes its password from a required variable: " + uri);
      }
    }
  }

  @Test
  void mysqlIsHealthCheckedOnHostPort3307WithTheInitScript() {
    ComposeFile.Service mysql = compose.service("mysql");
    assertEquals("mysql:8.4", mysql.image());
    assertTrue(mysql.ports().contains("3307:3306"), "mysql on host port 3307: " + mysql.ports());
    assertTrue(mysql.healthcheckCommand().contains("mysqladmin ping"), mysql.healthcheckCommand());
    assertFalse(mysql.healthcheckCommand().contains(env.get("MYSQL_ROOT_PASSWORD")),
      "the root password is read inside the container, not written into the check");
    assertTrue(mysql.spec().get("volumes").toString().contains("./mysql/init:/docker-entrypoint-initdb.d"),
      "init script mounted: " + mysql.spec().get("volumes"));
    assertEquals("unless-stopped", mysql.spec().get("restart"));
    assertTrue(mysql.memoryLimitBytes() > 0);
    ComposeFile.Service mailpit = compose.service("mailpit");
    assertTrue(mailpit.image().startsWith("axllent/mailpit:"));
    assertTrue(mailpit.ports().containsAll(List.of("1025:1025", "8025:8025")), mailpit.ports().toString());
  }

  @Test
  @DisplayName("only keys of the compose specification, so a typo cannot be silently ignored")
  void onlyKnownServiceKeys() {
    Set<String> known = Set.of("image", "build", "restart", "depends_on", "deploy", "stop_grace_period", "healthcheck",
      "environment", "expose", "ports", "volumes", "command", "networks");
    Set<String> knownHealth = Set.of("test", "interval", "timeout", "retries", "start_period");
    assertEquals(Set.of("name", "x-service", "x-service-env", "services", "networks", "volumes"),
      compose.document().keySet());
    for (String name : compose.services().keySet()) {
      ComposeFile.Service svc = compose.service(name);
      assertTrue(known.containsAll(svc.spec().keySet()), name + " has unknown keys: " + svc.spec().keySet());
      assertTrue(knownHealth.containsAll(svc.healthcheck().keySet()), name + " healthcheck: " + svc.healthcheck().keySet());
      assertTrue(svc.dependsOn().values().stream().allMatch(c -> c.equals("service_healthy")),
        name + " waits for healthy dependencies only: " + svc.dependsOn());
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  @DisplayName("the user service believes X-Forwarded-For only from nginx's fixed address on the compose network")
  void userServiceTrustsOnlyTheEdge() {
    Map<String, Object> frontendNets = (Map<String, Object>) compose.service("frontend").spec().get("networks");
    String edge = (String) ((Map<String, Object>) frontendNets.get("default")).get("ipv4_address");
    Map<String, Object> nets = (Map<String, Object>) compose.document().get("networks");
    Map<String, Object> ipam = (Map<String, Object>) ((Map<String, Object>) nets.get("default")).get("ipam");
    String subnet = (String) ((List<Map<String, Object>>) ipam.get("config")).get(0).get("subnet");
    assertEquals(edge, compose.service("user-service").environment().get("TRUSTED_PROXIES"));
    assertTrue(subnet.endsWith("/24") && edge.startsWith(subnet.substring(0, subnet.lastIndexOf('.') + 1)),
      edge + " lies in " + subnet);
  }

  @Test
  void frontendServesOn8081() {
    ComposeFile.Service frontend = compose.service("frontend");
    assertTrue(frontend.ports().contains("8081:8081"), frontend.ports().toString());
    assertEquals("docker/Dockerfile.frontend", frontend.build().get("dockerfile"));
    assertFalse(frontend.healthcheckCommand().isEmpty());
    assertTrue(frontend.memoryLimitBytes() > 0);
  }

  @Test
  @DisplayName(".env.example documents every variable compose reads, and nothing else; its secrets are empty")
  void envExampleDocumentsEveryVariable() throws Exception {
    Set<String> referenced = new TreeSet<>(Interpolation.references(Files.readString(Repo.COMPOSE_FILE)).keySet());
    Map<String, String> example = DotEnv.read(Repo.ENV_EXAMPLE);
    assertEquals(referenced, new TreeSet<>(example.keySet()));
    for (String secret : TestEnv.SECRETS) {
      assertEquals("", example.get(secret), secret + " has no value in .env.example");
    }
    String text = Files.readString(Repo.ENV_EXAMPLE);
    for (String key : example.keySet()) {
      assertTrue(Pattern.compile("#[^\\n]*\\n(#[^\\n]*\\n|[A-Z_]+=[^\\n]*\\n)*" + key + "=").matcher(text).find(),
        key + " has a comment above it (or above its group)");
    }
  }

  @Test
  @DisplayName("the init script creates one database and one user per service, granted only that database")
  void initScriptCreatesLeastPrivilegeUsers() {
    Map<String, String> mysqlEnv = compose.service("mysql").environment();
    InitScript.Result result = InitScript.printSql(mysqlEnv);
    assertEquals(0, result.exitCode(), result.stderr());
    List<String> sql = result.statements();
    for (String svc : List.of("product", "user", "order", "payment", "notification")) {
      String password = env.get(svc.toUpperCase() + "_DB_PASSWORD");
      assertTrue(sql.contains("CREATE DATABASE IF NOT EXISTS `" + svc + "_db` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"), svc);
      assertTrue(sql.contains("CREATE USER IF NOT EXISTS '" + svc + "_user'@'%' IDENTIFIED BY '" + password + "'"), svc);
      List<String> grants = sql.stream().filter(s -> s.startsWith("GRANT") && s.contains("'" + svc + "_user'")).toList();
      assertEquals(List.of("GRANT ALL PRIVILEGES ON `" + svc + "_db`.* TO '" + svc + "_user'@'%'"), grants, svc);
    }
    assertTrue(sql.stream().noneMatch(s -> s.contains("*.*")), "no server-wide grant");
  }

  @Test
  void initScriptRefusesAMissingOrUnsafePassword() {
    Map<String, String> mysqlEnv = new HashMap<>(compose.service("mysql").environment());
    mysqlEnv.remove("ORDER_DB_PASSWORD");
    InitScript.Result missing = InitScript.printSql(mysqlEnv);
    assertNotEquals(0, missing.exitCode());
    assertTrue(missing.stderr().contains("ORDER_DB_PASSWORD is not set"), missing.stderr());
    mysqlEnv.put("ORDER_DB_PASSWORD", "x'; DROP DATABASE user_db; --");
    InitScript.Result unsafe = InitScript.printSql(mysqlEnv);
    assertNotEquals(0, unsafe.exitCode());
    assertFalse(unsafe.stdout().contains("DROP"), unsafe.stdout());
  }

  @Test
  void kubernetesCopyOfTheInitScriptIsIdentical() throws Exception {
    assertEquals(Files.readString(Repo.INIT_SCRIPT), Files.readString(Repo.K8S.resolve("mysql-init-01-databases.sh")),
      "docker/k8s/mysql-init-01-databases.sh must be a copy of docker/mysql/init/01-databases.sh");
    assertTrue(Files.isExecutable(Repo.INIT_SCRIPT), "the MySQL entrypoint executes (not sources) an executable script");
  }
}
