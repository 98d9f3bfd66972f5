package shop.system.compose;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shop.common.db.DbConfig;
import shop.testing.Await;
import shop.testing.compose.Topology;
import shop.testing.process.MailBox;
import shop.testing.process.ServiceProcess;
import shop.testing.process.Repo;
import shop.testing.process.ShopClient;
import shop.testing.process.SystemRequirements;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scaling out as the README describes it ({@code --scale order-service=2 --scale payment-service=2}):
 * two processes of each behind nginx upstreams, every one running its outbox relays and expiry
 * sweepers against the same database. The saga's invariants must hold all the same.
 */
@Timeout(600)
class ComposeScaleOutTest {

  private static final Logger LOG = LoggerFactory.getLogger(ComposeScaleOutTest.class);
  private static final int ORDER_TTL_SECONDS = 15;
  private static final long SWEEP_MS = 500;

  private static String missing;
  private static Topology shop;
  private static ShopClient api;

  @BeforeAll
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  static void startTwoOrderAndTwoPaymentServices() {
    missing = SystemRequirements.missing(Topology.ALL_MODULES, true);
    if (missing != null) {
      return;
    }
    shop = Topology.start(Repo.ROOT.resolve("system-tests/target/compose-logs/scale-out"),
      Map.of("order-service", 2, "payment-service", 2),
      Map.of("ORDER_TTL_SECONDS", String.valueOf(ORDER_TTL_SECONDS), "ORDER_SWEEP_MS", String.valueOf(SWEEP_MS),
        // one event per claim, so the relays of both processes take turns on the same rows
        "OUTBOX_BATCH_SIZE", "1", "OUTBOX_POLL_MS", "100"));
    api = new ShopClient(shop.edgeUrl());
    ShopClient.Reply seed = api.post("/api/init-data", null, new JsonObject());
    assertTrue(seed.status() == 201 || seed.status() == 200, "init-data: " + seed);
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
  @DisplayName("concurrent outbox relays in two payment processes deliver each payment once: one email, one notification")
  void everyPaymentIsAnnouncedExactlyOnce() {
    JsonObject headphones = product("Headphones");
    List<ShopClient.Customer> buyers = List.of(api.newCustomer("relay-a"), api.newCustomer("relay-b"),
      api.newCustomer("relay-c"), api.newCustomer("relay-d"));
    List<CompletableFuture<ShopClient.Reply>> creating = new ArrayList<>();
    List<ShopClient.Customer> owners = new ArrayList<>();
    for (ShopClient.Customer b : buyers) {
      for (int i = 0; i < 2; i++) {
        creating.add(api.send("POST", "/api/orders", b.token(), orderOf(headphones, 1)));
        owners.add(b);
      }
    }
    List<Long> orders = new ArrayList<>();
    for (CompletableFuture<ShopClient.Reply> c : creating) {
      ShopClient.Reply r = c.join();
      assertEquals(201, r.status(), "create order: " + r);
      orders.add(r.json().getLong("id"));
    }
    List<CompletableFuture<ShopClient.Reply>> paying = new ArrayList<>();
    for (int i = 0; i < orders.size(); i++) {
      paying.add(api.send("POST", "/api/payments", owners.get(i).token(), ShopClient.card(orders.get(i), "4242424242424242")));
    }
    List<String> payments = new ArrayList<>();
    for (CompletableFuture<ShopClient.Reply> p : paying) {
      ShopClient.Reply r = p.join();
      assertEquals(201, r.status(), "pay: " + r);
      payments.add(r.json().getString("payment_id"));
    }

    for (int i = 0; i < orders.size(); i++) {
      long id = orders.get(i);
      String token = owners.get(i).token();
      Await.until("order " + id + " confirmed", 90,
        () -> "confirmed".equals(api.get("/api/orders/" + id, token).json().getString("status")));
    }
    MailBox inbox = new MailBox(shop.mail());
    for (int i = 0; i < payments.size(); i++) {
      String payment = payments.get(i);
      String email = owners.get(i).email();
      Await.until("email for " + payment, 90, () -> !inbox.about(email, payment).isEmpty());
    }
    Await.until("every outbox event of these payments delivered", 60, () -> deliveries(payments).values().stream()
      .allMatch(d -> d.delivered()));
    Map<String, Delivery> deliveries = deliveries(payments);
    for (String payment : payments) {
      List<String> events = deliveries.keySet().stream().filter(e -> e.startsWith(payment + ":")).toList();
      assertTrue(events.size() >= 2, payment + " has its order and its email event: " + events);
      for (String event : events) {
        assertEquals(1, deliveries.get(event).successfulAttempts(),
          event + " delivered once (relays that tried: " + deliveries.get(event).relays() + ")");
      }
    }
    LOG.info("outbox relays that delivered these payments' events: {}", deliveries.values().stream()
      .map(Delivery::relays).distinct().sorted().toList());
    for (int i = 0; i < payments.size(); i++) {
      assertEquals(1, inbox.about(owners.get(i).email(), payments.get(i)).size(), "emails for " + payments.get(i));
    }
    for (ShopClient.Customer b : buyers) {
      JsonArray notes = api.get("/api/notifications/user/" + b.id(), b.token()).array();
      long confirmations = notes.stream().map(JsonObject.class::cast)
        .filter(n -> "payment_confirmation".equals(n.getString("category"))).count();
      assertEquals(2, confirmations, "payment notifications of " + b.email() + ": " + notes);
    }
    assertEquals(headphones.getInteger("stock") - orders.size(), product("Headphones").getInteger("stock"),
      "each paid order took its stock once and kept it");
  }

  @Test
  @DisplayName("concurrent expiry sweepers in two order processes return an expired order's stock exactly once")
  void expiredOrdersReturnStockOnce() {
    JsonObject watch = product("Smart Watch");
    int before = watch.getInteger("stock");
    ShopClient.Customer a = api.newCustomer("expiry-a");
    ShopClient.Customer b = api.newCustomer("expiry-b");
    List<CompletableFuture<ShopClient.Reply>> creating = new ArrayList<>();
    List<ShopClient.Customer> owners = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ShopClient.Customer c = i % 2 == 0 ? a : b;
      creating.add(api.send("POST", "/api/orders", c.token(), orderOf(watch, 2)));
      owners.add(c);
    }
    List<Long> orders = new ArrayList<>();
    for (CompletableFuture<ShopClient.Reply> c : creating) {
      ShopClient.Reply r = c.join();
      assertEquals(201, r.status(), "create order: " + r);
      orders.add(r.json().getLong("id"));
    }
    assertEquals(before - 12, product("Smart Watch").getInteger("stock"), "six orders hold two watches each");

    for (int i = 0; i < orders.size(); i++) {
      long id = orders.get(i);
      String token = owners.get(i).token();
      Await.until("order " + id + " cancelled after its " + ORDER_TTL_SECONDS + " s", ORDER_TTL_SECONDS + 60,
        () -> "cancelled".equals(api.get("/api/orders/" + id, token).json().getString("status")));
    }
    // the release goes through the order service's outbox: it follows the cancellation, it does not precede it
    Await.until("every expired order's stock back", 30, () -> product("Smart Watch").getInteger("stock") == before);
    // several more sweeps of all four sweepers: the stock must not come back a second time
    long until = System.nanoTime() + 10 * SWEEP_MS * 1_000_000;
    while (System.nanoTime() < until) {
      assertEquals(before, product("Smart Watch").getInteger("stock"), "stock returned twice");
      ServiceProcess.pause(SWEEP_MS);
    }
  }

  /** One outbox row of the payment service: delivered yet, and how many attempts got a 2xx. */
  private record Delivery(boolean delivered, int successfulAttempts, String relays) {
  }

  /** The payment service's outbox, read with the payment service's own database account. */
  private static Map<String, Delivery> deliveries(List<String> payments) {
    DbConfig server = shop.database();
    String url = "jdbc:mariadb://" + server.host() + ":" + server.port() + "/payment_db";
    Map<String, Delivery> out = new java.util.TreeMap<>();
    try (Connection c = DriverManager.getConnection(url, "payment_user", shop.env().get("PAYMENT_DB_PASSWORD"));
         PreparedStatement q = c.prepareStatement("SELECT o.event_id, o.status, "
           + "SUM(a.status_code BETWEEN 200 AND 299) AS ok, GROUP_CONCAT(DISTINCT a.relay) AS relays "
           + "FROM outbox o LEFT JOIN outbox_attempts a ON a.outbox_id = o.id GROUP BY o.id, o.event_id, o.status")) {
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          String event = rs.getString(1);
          if (payments.stream().anyMatch(p -> event.startsWith(p + ":"))) {
            out.put(event, new Delivery("delivered".equals(rs.getString(2)), rs.getInt(3), rs.getString(4)));
          }
        }
      }
    } catch (SQLException e) {
      throw new AssertionError("cannot read payment_db.outbox: " + e.getMessage(), e);
    }
    return out;
  }

  private static JsonObject orderOf(JsonObject product, int quantity) {
    return new JsonObject().put("items", new JsonArray()
      .add(new JsonObject().put("product_id", product.getLong("id")).put("quantity", quantity)));
  }

  private static JsonObject product(String name) {
    ShopClient.Reply list = api.get("/api/products?per_page=100", null);
    assertEquals(200, list.status(), list.toString());
    return list.array().stream().map(JsonObject.class::cast)
      .filter(p -> name.equals(p.getString("name"))).findFirst()
      .orElseThrow(() -> new AssertionError("no product " + name + " in " + list.body()));
  }
}
