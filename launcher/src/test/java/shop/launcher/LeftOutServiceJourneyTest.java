package shop.launcher;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import shop.order.OrderMain;
import shop.testing.Api;
import shop.testing.Await;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What a developer does to work on one service: the launcher runs the shop without the order
 * service, the order service's own {@code main} runs as a separate process (as the IDE starts it:
 * the same classpath, no DATABASE_URI, no SECRET_KEY) and finds the launcher's settings by itself,
 * and a shopper's whole journey goes through the edge.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LeftOutServiceJourneyTest {

  private RunningShop shop;
  private Process order;
  private Path orderLog;
  private Vertx client;
  private Api api;

  @BeforeAll
  void startTheShopWithoutOrderThenOrderOnItsOwn(@TempDir Path data) throws IOException {
    shop = Launcher.start(TestShop.env(data).put(LaunchSettings.EXTERNAL, "order"));
    orderLog = data.resolve("order-service.log");
    order = java(OrderMain.class, Map.of("SHOP_DATA_DIR", data.toString()), orderLog);
    client = Vertx.vertx();
    api = new Api(client, shop.edgePort());
    Await.until("the order service, started on its own, healthy behind the edge", 120, () -> {
      assertTrue(order.isAlive(), () -> "the order service exited:\n" + read(orderLog));
      return "UP".equals(api.get("/api/health").json().getJsonObject("services").getJsonObject("order")
        .getString("status"));
    });
  }

  @AfterAll
  void stop() throws InterruptedException {
    if (order != null && order.isAlive()) {
      order.destroy();
      if (!order.waitFor(15, TimeUnit.SECONDS)) {
        order.destroyForcibly();
      }
    }
    if (client != null) {
      client.close();
    }
    if (shop != null) {
      shop.close();
      assertFalse(Files.exists(shop.launcherFile(Services.ORDER)), "the launcher removes its file when it stops");
    }
  }

  @Test
  void theLeftOutServiceFindsTheLaunchersFile() throws IOException {
    Path file = shop.launcherFile(Services.ORDER);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), "it holds the key");
    assertTrue(Files.readString(file).contains("DATABASE_URI=" + shop.databaseUri(Services.ORDER)));
    assertTrue(Banner.text(shop).contains("left out: start shop.order.OrderMain"), Banner.text(shop));
    assertFalse(shop.deployed().contains(Services.ORDER));
    assertTrue(read(orderLog).contains("using the running launcher's from " + file), read(orderLog));
  }

  @Test
  void aShopperBuysThroughTheEdge() {
    assertEquals(201, api.post("/api/register", null, new JsonObject().put("username", "meera")
      .put("email", "meera@example.com").put("password", "long-enough-1")).status());
    String token = "Bearer " + api.post("/api/login", null, new JsonObject().put("email", "meera@example.com")
      .put("password", "long-enough-1")).json().getString("token");
    Api.Reply placed = Await.result(api.send(HttpMethod.POST, "/api/orders", token, new JsonObject()
        .put("items", new JsonArray().add(new JsonObject().put("product_id", 3).put("quantity", 1)))
        .put("shipping_address", "4 Lake Road"),
      MultiMap.caseInsensitiveMultiMap().add("Idempotency-Key", "left-out-1")));
    assertEquals(201, placed.status(), placed.toString());
    long orderId = placed.json().getLong("id");
    Api.Reply paid = api.post("/api/payments", token, new JsonObject().put("order_id", orderId)
      .put("payment_method", "card").put("card", new JsonObject().put("number", "4242 4242 4242 4242")
        .put("expiry", "12/30").put("cvv", "123").put("name", "Meera")));
    assertEquals(201, paid.status(), paid.toString());
    Await.until("the order confirmed by the payment's outbox, through the order process", 60,
      () -> "confirmed".equals(api.get("/api/orders/" + orderId, token).json().getString("status")));
    Await.until("the payment email in the launcher's mail sink", 60, () -> shop.mail().recent(20).stream()
      .map(JsonObject.class::cast).anyMatch(m -> m.getString("to").contains("meera@example.com")
        && m.getString("subject").toLowerCase().contains("payment")));
  }

  @Test
  void theEdgeAndEveryServiceListenOnLoopbackOnly() throws IOException {
    Optional<InetAddress> other = TestShop.otherAddress();
    assumeTrue(other.isPresent(), "this machine has only loopback: nothing else could reach them");
    TestShop.assertNotListeningOn(other.get(), shop.edgePort(), "the edge");
    for (ServiceSpec spec : Services.ALL) {
      TestShop.assertNotListeningOn(other.get(), shop.settings().port(spec), "the " + spec.title());
    }
  }

  @Test
  void withoutDatabaseKeyOrLauncherFileAServiceSaysHowInOneLine(@TempDir Path empty) throws Exception {
    Path log = empty.resolve("order.log");
    Process alone = java(OrderMain.class, Map.of("SHOP_DATA_DIR", empty.toString()), log);
    assertTrue(alone.waitFor(90, TimeUnit.SECONDS), "it gives up at once");
    assertEquals(1, alone.exitValue());
    List<String> errors = Files.readAllLines(log).stream().filter(l -> l.contains("ERROR")).toList();
    assertEquals(1, errors.size(), read(log));
    assertTrue(errors.get(0).contains("no DATABASE_URI and no SECRET_KEY")
      && errors.get(0).contains("SHOP_EXTERNAL_SERVICES=order"), errors.get(0));
  }

  /** {@code main} of {@code mainClass} in its own JVM, on this test's classpath (as an IDE runs it), with only {@code env}. */
  static Process java(Class<?> mainClass, Map<String, String> env, Path log) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-cp", System.getProperty("java.class.path"), mainClass.getName())
      .directory(log.getParent().toFile())
      .redirectErrorStream(true)
      .redirectOutput(log.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    return pb.start();
  }

  static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
