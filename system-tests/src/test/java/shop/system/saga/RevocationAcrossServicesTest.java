package shop.system.saga;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shop.notification.NotificationVerticle;
import shop.order.OrderVerticle;
import shop.payment.PaymentVerticle;
import shop.product.ProductVerticle;
import shop.testing.Api;
import shop.testing.Await;
import shop.testing.ShopDatabase;
import shop.testing.TestSecrets;
import shop.user.UserVerticle;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The five real services in one JVM, each on its own database, with the shipped revocation
 * defaults: a customer's token works on every service; the admin deactivates the customer (or the
 * customer changes their password) and within seconds the token is 401 on every service.
 */
@ExtendWith(VertxExtension.class)
class RevocationAcrossServicesTest {

  private static final Logger LOG = LoggerFactory.getLogger(RevocationAcrossServicesTest.class);
  static final String ADMIN_PASSWORD = "admin-Passw0rd-long";
  static final String PASSWORD = "customer-Passw0rd";

  @RegisterExtension
  static final ShopDatabase DB = new ShopDatabase();

  static final Map<String, Api> apis = new LinkedHashMap<>();
  static String admin;
  static long productId;

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @BeforeAll
  static void start(Vertx vertx) throws IOException {
    TestSecrets secrets = new TestSecrets(vertx);
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (String name : new String[] {"product", "user", "order", "payment", "notification"}) {
      ports.put(name, freePort());
    }
    JsonObject shared = secrets.config().put("OUTBOX_MAX_BACKOFF_MS", 1_000).put("ENABLE_REAL_EMAIL_SENDING", "False");
    ports.forEach((name, port) -> shared.put(name.toUpperCase() + "_SERVICE_URL", "http://127.0.0.1:" + port));
    deploy(vertx, "product", ports, shared, new ProductVerticle());
    deploy(vertx, "notification", ports, shared, new NotificationVerticle());
    deploy(vertx, "order", ports, shared, new OrderVerticle());
    deploy(vertx, "payment", ports, shared, new PaymentVerticle());
    deploy(vertx, "user", ports, shared.copy().put("ADMIN_EMAIL", "root@example.test")
      .put("ADMIN_PASSWORD", ADMIN_PASSWORD), new UserVerticle());
    admin = login("root@example.test", ADMIN_PASSWORD);
    Api.Reply created = apis.get("product").post("/products", admin,
      new JsonObject().put("name", "Lamp").put("price", 100).put("stock", 1_000));
    assertEquals(201, created.status(), created.toString());
    productId = created.json().getLong("id");
  }

  static void deploy(Vertx vertx, String name, Map<String, Integer> ports, JsonObject shared, VerticleBase verticle) {
    JsonObject conf = ShopDatabase.config(DB.another(name)).mergeIn(shared.copy()).put("PORT", ports.get(name));
    Await.result(vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(conf)));
    apis.put(name, new Api(vertx, ports.get(name)));
  }

  static String login(String email, String password) {
    Api.Reply r = apis.get("user").post("/login", null, new JsonObject().put("email", email).put("password", password));
    assertEquals(200, r.status(), r.toString());
    return "Bearer " + r.json().getString("token");
  }

  /** One request per service with {@code token}: its own data where it has some, a place it may not go on the catalog. */
  static Map<String, Integer> statuses(String token, long userId) {
    Map<String, Function<Api, Api.Reply>> calls = new LinkedHashMap<>();
    calls.put("user", api -> api.get("/profile", token));
    calls.put("order", api -> api.get("/orders/user/" + userId, token));
    calls.put("payment", api -> api.get("/payments/user/" + userId, token));
    calls.put("notification", api -> api.get("/notifications/user/" + userId, token));
    // a customer may not create products: 403 while the token stands, 401 once it is revoked
    calls.put("product", api -> api.post("/products", token, new JsonObject().put("name", "x").put("price", 1)));
    Map<String, Integer> out = new LinkedHashMap<>();
    calls.forEach((name, call) -> out.put(name, call.apply(apis.get(name)).status()));
    return out;
  }

  static void assertAccepted(String token, long userId) {
    Map<String, Integer> s = statuses(token, userId);
    assertEquals(Map.of("user", 200, "order", 200, "payment", 200, "notification", 200, "product", 403), s);
  }

  static long awaitRevoked(String token, long userId, String what) {
    long t0 = System.nanoTime();
    Await.until(what + ": 401 on every service", 15,
      () -> statuses(token, userId).values().stream().allMatch(s -> s == 401));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    LOG.info("{}: the token was 401 on all five services {} ms after the change", what, ms);
    return ms;
  }

  static JsonObject customer(String name) {
    Api.Reply r = apis.get("user").post("/register", null, new JsonObject().put("username", name)
      .put("email", name + "@example.test").put("password", PASSWORD));
    assertEquals(201, r.status(), r.toString());
    return r.json().getJsonObject("user");
  }

  static Api.Reply order(String token) {
    return apis.get("order").post("/orders", token, new JsonObject()
      .put("items", new JsonArray().add(new JsonObject().put("product_id", productId).put("quantity", 1))));
  }

  @Test
  void aDeactivatedCustomersTokenIsRefusedByEveryServiceWithinSeconds() {
    JsonObject user = customer("ann");
    long id = user.getLong("id");
    String token = login("ann@example.test", PASSWORD);
    assertEquals(201, order(token).status());
    assertAccepted(token, id);

    Api.Reply off = apis.get("user").put("/users/" + id + "/status", admin, new JsonObject().put("is_active", false));
    assertEquals(200, off.status(), off.toString());
    long ms = awaitRevoked(token, id, "deactivation");
    assertTrue(ms < 15_000);
    Api.Reply refused = order(token);
    assertEquals(401, refused.status(), "no order for a deactivated customer: " + refused);
    assertEquals(1, apis.get("order").get("/orders/user/" + id, admin).array().size(), "nothing was created");
  }

  @Test
  void aPasswordChangeEndsTheOldSessionOnEveryService() {
    JsonObject user = customer("bob");
    long id = user.getLong("id");
    String token = login("bob@example.test", PASSWORD);
    assertAccepted(token, id);
    Api.Reply changed = apis.get("user").put("/profile/password", token,
      new JsonObject().put("current_password", PASSWORD).put("new_password", "bob-New-passphrase"));
    assertEquals(200, changed.status(), changed.toString());
    awaitRevoked(token, id, "password change");
    assertAccepted("Bearer " + changed.json().getString("token"), id);
  }
}
