package shop.launcher;

import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import shop.product.ProductVerticle;
import shop.testing.Api;
import shop.testing.Await;
import shop.testing.ShopDatabase;
import shop.testing.TestSecrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The edge router against a real product service and a real SMTP sink; the other four services
 * are deliberately not running, so their routes show what a shopper gets when one is down.
 */
@ExtendWith(VertxExtension.class)
class EdgeRouterTest {

  @RegisterExtension
  static final ShopDatabase DB = new ShopDatabase();

  static TestSecrets secrets;
  static MailSink mail;
  static Api edge;
  static int productPort;
  static HttpServer echo;

  @BeforeAll
  static void deploy(Vertx vertx) {
    secrets = new TestSecrets(vertx);
    ProductVerticle product = new ProductVerticle();
    Await.result(vertx.deployVerticle(product, new DeploymentOptions()
      .setConfig(DB.config().mergeIn(secrets.config()).put("PORT", 0))));
    productPort = product.port();
    mail = MailSink.start(Ports.free());
    // stands in for the notification service's /notifications: answers with the forwarding headers it got
    echo = Await.result(vertx.createHttpServer().requestHandler(req -> {
      if (!req.path().startsWith("/notifications")) {
        req.response().setStatusCode(404).end();
        return;
      }
      JsonObject seen = new JsonObject();
      for (String h : new String[] {"X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "Forwarded"}) {
        seen.put(h, req.getHeader(h));
      }
      req.response().putHeader("Content-Type", "application/json").end(seen.encode());
    }).listen(0, "127.0.0.1"));
    JsonObject env = new JsonObject()
      .put("PRODUCT_PORT", productPort)
      .put("USER_PORT", Ports.free()).put("ORDER_PORT", Ports.free())
      .put("PAYMENT_PORT", Ports.free()).put("NOTIFICATION_PORT", echo.actualPort())
      .put("EDGE_PORT", 0)
      .put("EDGE_TIMEOUT_MS", 5_000);
    EdgeRouter router = new EdgeRouter(LaunchSettings.from(env), mail);
    Await.result(vertx.deployVerticle(router, new DeploymentOptions().setConfig(secrets.config())));
    edge = new Api(vertx, router.port());
    assertEquals(201, edge.post("/api/init-data", null, null).status());
  }

  @AfterAll
  static void stopMail() {
    if (mail != null) {
      mail.close();
    }
  }

  @Test
  void productsAreForwardedWithTheirQuery() {
    Api.Reply r = edge.get("/api/products?q=laptop");
    assertEquals(200, r.status(), r.toString());
    JsonArray list = r.array();
    assertEquals(1, list.size(), list.encode());
    assertEquals("Laptop", list.getJsonObject(0).getString("name"));
    assertNotNull(r.header("ETag"), "the service's own headers come back");
    assertEquals("1", r.header("X-Total-Count"));
  }

  @Test
  void anAdminsProductChangeShowsAtOnceThroughTheEdge() {
    Api.Reply first = edge.get("/api/products?q=tablet");
    String etag = first.header("ETag");
    assertEquals("no-cache", first.header("Cache-Control"), "every read is revalidated, so no cache serves a stale copy");
    assertNull(first.header("Expires"));
    assertEquals(304, ifNoneMatch("/api/products?q=tablet", etag).status(), "unchanged: the edge passes the 304 on");
    long id = first.array().getJsonObject(0).getLong("id");
    assertEquals(200, edge.put("/api/products/" + id, secrets.admin(), new JsonObject().put("price", 18999)).status());
    Api.Reply after = ifNoneMatch("/api/products?q=tablet", etag);
    assertEquals(200, after.status(), "the old ETag no longer matches: " + after);
    assertEquals(18999.0, after.array().getJsonObject(0).getDouble("price"));
    assertNotEquals(etag, after.header("ETag"));
    assertEquals(18999.0, edge.get("/api/products/" + id).json().getDouble("price"));
  }

  private static Api.Reply ifNoneMatch(String path, String etag) {
    return Await.result(edge.send(HttpMethod.GET, path, null, null,
      MultiMap.caseInsensitiveMultiMap().add("If-None-Match", etag)));
  }

  @Test
  void productLinksPointUnderApi() {
    Api.Reply r = edge.get("/api/products?per_page=2");
    assertTrue(r.header("Link").startsWith("</api/products?"), r.header("Link"));
  }

  @Test
  void reservationsAreNeverExposed() {
    for (String path : new String[] {"/api/reservations", "/api/reservations/1", "/api/products/../reservations"}) {
      Api.Reply get = edge.get(path, secrets.service());
      assertEquals(404, get.status(), path + " " + get);
    }
    Api.Reply post = edge.post("/api/reservations", secrets.service(),
      new JsonObject().put("order_id", 1).put("items", new JsonArray().add(new JsonObject()
        .put("product_id", 1).put("quantity", 1))));
    assertEquals(404, post.status(), post.toString());
    assertEquals("not_found", post.code());
    assertEquals(10, edge.get("/api/products/1").json().getInteger("stock"), "nothing was reserved");
  }

  @Test
  void forwardedForIsThePeerTheEdgeSawNeverWhatTheClientSent() {
    Api.Reply r = Await.result(edge.send(HttpMethod.GET, "/api/notifications", null, null,
      MultiMap.caseInsensitiveMultiMap().add("X-Forwarded-For", "203.0.113.9").add("X-Forwarded-For", "198.51.100.7")
        .add("X-Forwarded-Host", "evil.example").add("Forwarded", "for=203.0.113.9")));
    assertEquals(200, r.status(), r.toString());
    JsonObject seen = r.json();
    assertEquals("127.0.0.1", seen.getString("X-Forwarded-For"), seen.encode());
    assertEquals("http", seen.getString("X-Forwarded-Proto"));
    assertNull(seen.getString("X-Forwarded-Host"), "a client's forwarding headers are dropped");
    assertNull(seen.getString("Forwarded"), seen.encode());
  }

  @Test
  void unknownApiRouteIsJson404() {
    Api.Reply r = edge.get("/api/nothing-here");
    assertEquals(404, r.status());
    assertEquals("not_found", r.code());
  }

  @Test
  void requestIdIsGeneratedWhenAbsentAndKeptWhenSent() {
    String generated = edge.get("/api/products").header("X-Request-Id");
    assertNotNull(generated);
    assertNotEquals(generated, edge.get("/api/products").header("X-Request-Id"));
    Api.Reply kept = Await.result(edge.send(HttpMethod.GET, "/api/products/1", null, null,
      MultiMap.caseInsensitiveMultiMap().add("X-Request-Id", "trace-42")));
    assertEquals("trace-42", kept.header("X-Request-Id"));
  }

  @Test
  void securityHeadersOnPagesAndApi() {
    for (String path : new String[] {"/", "/api/products", "/api/nothing-here"}) {
      Api.Reply r = edge.get(path);
      assertEquals(EdgeRouter.CSP, r.header("Content-Security-Policy"), path);
      assertTrue(r.header("Content-Security-Policy").startsWith("default-src 'self'"));
      assertEquals("nosniff", r.header("X-Content-Type-Options"), path);
      assertEquals("DENY", r.header("X-Frame-Options"), path);
      assertEquals("same-origin", r.header("Referrer-Policy"), path);
      assertEquals(1, r.headers().getAll("Content-Security-Policy").size(), "one policy, not the service's too");
    }
  }

  @Test
  void storefrontIsServed() {
    Api.Reply r = edge.get("/");
    assertEquals(200, r.status());
    assertTrue(r.header("Content-Type").startsWith("text/html"), r.header("Content-Type"));
    assertTrue(r.body().toString().contains("js/app.js"));
    assertEquals(200, edge.get("/js/app.js").status());
  }

  @Test
  void theStorefrontFoldersOtherFilesAreNotServed() {
    for (String path : new String[] {"/nginx.conf", "/README.md", "/%6Eginx.conf", "/css/../nginx.conf", "/README.MD"}) {
      Api.Reply r = edge.get(path);
      assertEquals(404, r.status(), path + " " + r);
    }
  }

  @Test
  void aServiceThatIsDownIsJson503() {
    Api.Reply r = edge.get("/api/orders/1", secrets.customer(7));
    assertEquals(503, r.status(), r.toString());
    assertEquals("service_unavailable", r.code());
    assertEquals("order", r.json().getString("service"));
  }

  @Test
  void healthReportsEveryService() {
    Api.Reply r = edge.get("/api/health");
    assertEquals(503, r.status(), "four services are not running here");
    JsonObject services = r.json().getJsonObject("services");
    assertEquals("UP", services.getJsonObject("product").getString("status"));
    for (String name : new String[] {"user", "order", "payment", "notification"}) {
      assertEquals("DOWN", services.getJsonObject(name).getString("status"), name);
    }
    assertEquals("DOWN", r.json().getString("status"));
  }

  @Test
  void mailboxIsForAdminsOnly() {
    GreenMailUtil.sendTextEmail("shopper@example.com", "shop@example.com", "Payment received for order #9",
      "Hi, we received your payment.", new ServerSetup(mail.port(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    assertEquals(401, edge.get("/api/mailbox").status());
    assertEquals(403, edge.get("/api/mailbox", secrets.customer(3)).status());
    Api.Reply r = edge.get("/api/mailbox", secrets.admin());
    assertEquals(200, r.status(), r.toString());
    JsonObject newest = r.array().getJsonObject(0);
    assertEquals("shopper@example.com", newest.getString("to"));
    assertEquals("Payment received for order #9", newest.getString("subject"));
    assertEquals("Hi, we received your payment.", newest.getString("excerpt"));
    assertNotNull(newest.getString("date"));
  }
}
