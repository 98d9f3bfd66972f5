package shop.testing.process;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * frontend/nginx.conf as the process tests run it: only addresses, ports and paths change, and
 * nginx accepts the result. Quick, and independent of the service jars.
 */
class EdgeNginxConfigTest {

  private static final Map<String, List<Integer>> INSTANCES = Map.of(
    "product-service", List.of(41000), "user-service", List.of(41001),
    "order-service", List.of(41002, 41012), "payment-service", List.of(41003, 41013),
    "notification-service", List.of(41005));

  private static String adapted(Path work) throws Exception {
    Path conf = Repo.FRONTEND.resolve("nginx.conf");
    Assumptions.assumeTrue(Files.isRegularFile(conf), "frontend/nginx.conf does not exist yet");
    return EdgeNginx.adapt(Files.readString(conf), work, 42081, INSTANCES,
      Map.of("order-service", 42002, "payment-service", 42003), work);
  }

  @Test
  @DisplayName("every compose host name becomes a local address; scaled services get both instances")
  void hostNamesBecomeLocalAddresses(@TempDir Path work) throws Exception {
    String conf = adapted(work);
    assertFalse(conf.matches("(?s).*\\b[a-z]+-service:\\d+.*"), "a compose host name is left:\n" + conf);
    assertTrue(conf.contains("listen 127.0.0.1:42081"), conf);
    assertFalse(conf.contains("8081"), "the compose port is gone");
    assertFalse(conf.contains("/usr/share/nginx/html"), "the image's web root points at the source tree");
    assertTrue(conf.contains("root " + Repo.FRONTEND), conf);
    for (int port : List.of(41002, 41012, 41003, 41013)) {
      assertTrue(conf.contains("server 127.0.0.1:" + port), "replica " + port + " is an upstream server");
    }
    assertTrue(conf.contains("listen 127.0.0.1:42002"), "the order service's address for the other services");
  }

  @Test
  @DisplayName("nginx -t accepts the adapted configuration (skipped without nginx)")
  void nginxAcceptsIt(@TempDir Path work) throws Exception {
    Path nginx = SystemRequirements.nginx();
    Assumptions.assumeTrue(nginx != null, "nginx is not installed");
    for (String dir : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
      Files.createDirectories(work.resolve(dir));
    }
    Path file = work.resolve("nginx.conf");
    Files.writeString(file, adapted(work));
    Process p = new ProcessBuilder(nginx.toString(), "-t", "-p", work.toString(), "-c", file.toString())
      .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
  }
}
