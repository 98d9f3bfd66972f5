package shop.system.compose;

import shop.testing.compose.ComposeFile;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import shop.common.db.DbConfig;
import shop.testing.Await;
import shop.testing.OtlpReceiver;
import shop.testing.compose.Topology;
import shop.testing.process.MailBox;
import shop.testing.process.Repo;
import shop.testing.process.ServiceProcess;
import shop.testing.process.ShopClient;
import shop.testing.process.SystemRequirements;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The compose topology from the same jars and the same compose file, each service its own process
 * behind Debian's nginx with frontend/nginx.conf, and the purchase journey through the edge.
 */
@Timeout(600)
class ComposeJourneyTest {

  private static String missing;
  private static Topology shop;
  private static ShopClient api;

  @BeforeAll
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  static void startTheTopology() {
    missing = SystemRequirements.missing(Topology.ALL_MODULES, true);
    if (missing != null) {
      return;
    }
    shop = Topology.start(Repo.ROOT.resolve("system-tests/target/compose-logs/journey"), Map.of(), Map.of());
    api = new ShopClient(shop.edgeUrl());
  }

  @BeforeEach
  void needsTheTopology() {
    SystemRequirements.skipIf(missing);
  }

  @AfterAll
  static void stopIt() {
    if (shop != null) {
      shop.close();
    }
  }

  @Test
  @DisplayName("register, log in, browse, order, pay with 4242…: the order is confirmed, the email arrives, the dashboard's metrics exist, the traces reach Jaeger")
  void purchaseJourneyThroughTheEdge() throws Exception {
    ShopClient.Reply seed = api.post("/api/init-data", null, new JsonObject());
    assertTrue(seed.status() == 201 || seed.status() == 200, "init-data: " + seed);
    JsonObject laptop = product("Laptop");
    int stockBefore = laptop.getInteger("stock");

    ShopClient.Customer buyer = api.newCustomer("buyer");
    ShopClient.Reply created = api.post("/api/orders", buyer.token(), new JsonObject()
      .put("items", new JsonArray().add(new JsonObject().put("product_id", laptop.getLong("id")).put("quantity", 1)))
      .put("shipping_address", "1 Test Street"));
    assertEquals(201, created.status(), "create order: " + created);
    JsonObject order = created.json();
    assertEquals("pending", order.getString("status"));
    assertEquals(laptop.getDouble("price"), order.getDouble("total_amount"), "priced by the product service");

    ShopClient.Reply paid = api.post("/api/payments", buyer.token(), ShopClient.card(order.getLong("id"), "4242424242424242"));
    assertEquals(201, paid.status(), "pay: " + paid);
    assertEquals("completed", paid.json().getString("payment_status"));
    String paymentId = paid.json().getString("payment_id");

    Await.until("order " + order.getLong("id") + " confirmed", 60, () ->
      "confirmed".equals(api.get("/api/orders/" + order.getLong("id"), buyer.token()).json().getString("status")));
    MailBox inbox = new MailBox(shop.mail());
    Await.until("the payment email for " + paymentId + " reaches the SMTP server", 60,
      () -> !inbox.about(buyer.email(), paymentId).isEmpty());
    assertEquals(1, inbox.about(buyer.email(), paymentId).size(), "one payment email");
    assertEquals(stockBefore - 1, product("Laptop").getInteger("stock"), "the reservation was committed");
    everyDashboardMetricIsExported();
    theJourneyIsTracedToJaeger();
  }

  /**
   * Compose's tracing settings export to Jaeger's OTLP port (a real receiver here): the order's
   * trace holds its reservation, the payment's trace holds the order confirmation and the email's
   * SMTP conversation that its outbox sent later.
   */
  private static void theJourneyIsTracedToJaeger() {
    Await.until("the order's trace reaches Jaeger with its reservation", 60, () ->
      traceWith("order-service", "POST /orders").stream().anyMatch(s -> s.service().equals("product-service")
        && s.name().equals("POST /reservations")));
    Await.until("the payment's trace reaches Jaeger with the confirmation and the SMTP conversation", 60, () -> {
      List<OtlpReceiver.ExportedSpan> trace = traceWith("payment-service", "POST /payments");
      return trace.stream().anyMatch(s -> s.service().equals("order-service") && s.name().equals("PUT /orders/{id}/status"))
        && trace.stream().anyMatch(s -> s.service().equals("notification-service") && s.name().equals("smtp send"));
    });
  }

  /** The trace of the first span {@code service} exported named {@code name} (empty while there is none). */
  private static List<OtlpReceiver.ExportedSpan> traceWith(String service, String name) {
    return shop.traces().spans().stream().filter(s -> s.service().equals(service) && s.name().equals(name)).findFirst()
      .map(s -> shop.traces().trace(s.traceId())).orElse(List.of());
  }

  /** After a journey every meter exists: each metric the Grafana dashboard queries is on some service's /metrics. */
  private static void everyDashboardMetricIsExported() throws IOException, InterruptedException {
    // HTTP/1.1, as Prometheus scrapes
    HttpClient scraper = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3)).build();
    Set<String> exported = new TreeSet<>();
    for (String name : ComposeFile.APP_SERVICES) {
      for (ServiceProcess p : shop.replicas(name)) {
        HttpResponse<String> metrics = scraper.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.port() + "/metrics"))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode(), name + " /metrics");
        exported.addAll(Dashboard.exported(metrics.body()));
      }
    }
    Set<String> missing = new TreeSet<>(Dashboard.metricNames());
    missing.removeAll(exported);
    assertEquals(Set.of(), missing, "metrics docker/grafana/dashboards/shop.json queries that no service exports");
  }

  @Test
  @DisplayName("through nginx an admin's product change shows at once: reads are revalidated and an old ETag gets the new list")
  void productChangesShowAtOnceThroughNginx() {
    ShopClient.Reply login = api.post("/api/login", null, new JsonObject()
      .put("email", shop.env().get("ADMIN_EMAIL")).put("password", shop.env().get("ADMIN_PASSWORD")));
    assertEquals(200, login.status(), login.toString());
    String admin = login.json().getString("token");
    String name = "Edge probe " + System.nanoTime();
    ShopClient.Reply created = api.post("/api/products", admin, new JsonObject().put("name", name).put("price", 10).put("stock", 1));
    assertEquals(201, created.status(), created.toString());
    String list = "/api/products?q=" + name.replace(" ", "%20");
    ShopClient.Reply first = api.get(list, null);
    String etag = first.headers().firstValue("ETag").orElseThrow();
    assertEquals("no-cache", first.headers().firstValue("Cache-Control").orElse(null), "every read is revalidated");
    assertTrue(first.headers().firstValue("Expires").isEmpty(), "nginx adds no expiry to API answers");
    assertEquals(304, api.getIfNoneMatch(list, etag).status());
    assertEquals(200, api.put("/api/products/" + created.json().getLong("id"), admin, new JsonObject().put("price", 12.5)).status());
    ShopClient.Reply after = api.getIfNoneMatch(list, etag);
    assertEquals(200, after.status(), "the old ETag no longer matches: " + after);
    assertEquals(12.5, after.array().getJsonObject(0).getDouble("price"));
  }

  @Test
  @DisplayName("the edge serves the storefront and /api, but never the internal reservations routes")
  void edgeServesTheStorefrontAndHidesInternalRoutes() {
    ShopClient.Reply index = api.get("/", null);
    assertEquals(200, index.status());
    assertTrue(index.body().toLowerCase().contains("<html"), index.body());
    assertEquals(200, api.get("/api/products", null).status());
    ShopClient.Reply health = api.get("/api/health", null);
    assertEquals(200, health.status(), health.toString());
    JsonObject services = new JsonObject(health.body()).getJsonObject("services");
    for (String name : new String[] {"product", "user", "order", "payment", "notification"}) {
      assertEquals("UP", services.getJsonObject(name).getString("status"), name + " in " + health.body());
    }
    ShopClient.Reply reserve = api.post("/api/reservations", null, new JsonObject().put("order_id", 1));
    assertTrue(reserve.status() == 404 || reserve.status() == 403,
      "/api/reservations must not reach the product service (it would answer 401): " + reserve);
  }

  @Test
  @DisplayName("nginx serves the API explorer: Swagger UI from the webjar, our initializer, each service's own document")
  void edgeServesTheApiExplorer() throws Exception {
    ShopClient.Reply bare = api.get("/api/docs", null);
    assertEquals(301, bare.status(), bare.toString());
    assertEquals("/api/docs/", bare.headers().firstValue("Location").orElse(""));
    ShopClient.Reply index = api.get("/api/docs/", null);
    assertEquals(200, index.status(), index.toString());
    assertTrue(index.body().contains("swagger-ui-bundle.js"), index.body());
    String csp = index.headers().firstValue("Content-Security-Policy").orElse("");
    assertTrue(csp.contains("style-src 'self' 'unsafe-inline';") && csp.contains("script-src 'self';"), csp);
    assertTrue(api.get("/", null).headers().firstValue("Content-Security-Policy").orElse("").contains("style-src 'self';"),
      "inline styles only for the explorer");
    assertEquals(200, api.get("/api/docs/swagger-ui-bundle.js", null).status());
    String init = api.get("/api/docs/swagger-initializer.js", null).body();
    assertTrue(init.contains("'notification'") && !init.contains("petstore"), init);
    for (String service : new String[] {"product", "user", "order", "payment", "notification"}) {
      ShopClient.Reply doc = api.get("/api/docs/" + service + ".json", null);
      assertEquals(200, doc.status(), service + ": " + doc);
      try (InputStream own = ComposeJourneyTest.class.getResourceAsStream("/openapi/" + service + ".json")) {
        assertEquals(new JsonObject(Buffer.buffer(own.readAllBytes())), new JsonObject(doc.body()),
          service + ": the service's own /openapi.json");
      }
    }
    assertEquals(404, api.get("/api/docs/reservations.json", null).status());
  }

  @Test
  @DisplayName("each service's database user from the init script reaches its own database and no other")
  void databaseUsersAreLeastPrivilege() throws SQLException {
    DbConfig server = shop.database();
    String password = shop.env().get("ORDER_DB_PASSWORD");
    String url = "jdbc:mariadb://" + server.host() + ":" + server.port() + "/";
    try (Connection own = DriverManager.getConnection(url + "order_db", "order_user", password)) {
      assertTrue(own.isValid(2));
    }
    SQLException denied = assertThrows(SQLException.class,
      () -> DriverManager.getConnection(url + "payment_db", "order_user", password).close());
    assertTrue(denied.getMessage().contains("Access denied"), denied.getMessage());
  }

  private static JsonObject product(String name) {
    ShopClient.Reply list = api.get("/api/products?per_page=100", null);
    assertEquals(200, list.status(), list.toString());
    return list.array().stream().map(JsonObject.class::cast)
      .filter(p -> name.equals(p.getString("name"))).findFirst()
      .orElseThrow(() -> new AssertionError("no product " + name + " in " + list.body()));
  }
}
