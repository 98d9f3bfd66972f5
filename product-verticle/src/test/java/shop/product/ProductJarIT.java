package shop.product;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import shop.common.db.DbConfig;
import shop.testing.Await;
import shop.testing.ShopDatabase;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fat jar as users run it: env config, health, SIGTERM within 10 s, refusal of a short key. */
class ProductJarIT {

  @RegisterExtension
  static final ShopDatabase DB = new ShopDatabase();

  private static final Path JAR = Path.of("target", "product-verticle.jar");

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static Process start(Map<String, String> env, Path log) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-Xmx128m", "-jar", JAR.toString());
    pb.environment().putAll(env);
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    return pb.start();
  }

  private static String uri(DbConfig d) {
    return "mysql://" + d.user() + ":" + d.password() + "@" + d.host() + ":" + d.port() + "/" + d.database();
  }

  @Test
  void jarServesHealthAndStopsOnSigtermWithinTenSeconds() throws Exception {
    assertTrue(Files.exists(JAR), "build the jar first: ./mvnw package");
    int port = freePort();
    Path log = Files.createTempFile("product-jar", ".log");
    Process p = start(Map.of("PORT", Integer.toString(port), "DATABASE_URI", uri(DB.db()),
      "SECRET_KEY", "s".repeat(40), "INSTANCES", "2"), log);
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
      HttpRequest health = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health"))
        .timeout(Duration.ofSeconds(2)).build();
      Await.until("product jar healthy", 60, () -> {
        try {
          return http.send(health, HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        } catch (Exception e) {
          return false;
        }
      });
      HttpResponse<String> seeded = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/init-data"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(201, seeded.statusCode());
      // an idle keep-alive connection, as a browser or a proxy keeps one: the drain must close it
      // instead of waiting out its grace for it
      try (Socket idle = new Socket("127.0.0.1", port)) {
        idle.setSoTimeout(10_000);
        idle.getOutputStream().write("GET /products/1 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        InputStream in = idle.getInputStream();
        byte[] buf = new byte[8192];
        assertTrue(in.read(buf) > 0, "the first answer arrives");
        long t0 = System.nanoTime();
        p.destroy();
        // closed when the drain starts, not when its 8 s grace runs out
        idle.setSoTimeout(5_000);
        while (in.read(buf) >= 0) {
          // the rest of the first answer, then the server's close
        }
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "exits within 10 s of SIGTERM");
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10));
      }
      assertFalse(Files.readString(log).contains("did not stop cleanly"), Files.readString(log));
      assertTrue(Files.readString(log).contains("product-service stopping"), Files.readString(log));
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void shortSecretKeyStopsStartup() throws Exception {
    Path log = Files.createTempFile("product-jar", ".log");
    Process p = start(Map.of("PORT", Integer.toString(freePort()), "DATABASE_URI", uri(DB.db()),
      "SECRET_KEY", "too-short"), log);
    try {
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "exits by itself");
      assertEquals(1, p.exitValue());
      String out = Files.readString(log);
      assertTrue(out.contains("SECRET_KEY must be at least 32 bytes"), out);
    } finally {
      p.destroyForcibly();
    }
  }

  static {
    new File("target").mkdirs();
  }
}
