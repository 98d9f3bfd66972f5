package shop.system.browser;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import shop.common.http.Cors;
import shop.product.ProductVerticle;
import shop.testing.Api;
import shop.testing.Await;
import shop.testing.ShopDatabase;
import shop.testing.TestSecrets;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CORS as a browser enforces it: a page served from another origin (a small static server on its
 * own port) calls the real product service directly, a GET and a POST with a preflight. The
 * service lists one page origin in CORS_ALLOWED_ORIGINS; a second page on another port is not listed.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CorsBrowserTest {

  @RegisterExtension
  static final ShopDatabase DB = new ShopDatabase();

  private static Browser browser;
  private static TestSecrets secrets;
  private static int productPort;
  private static Api api;
  private static int allowedPage;
  private static int otherPage;

  @BeforeAll
  static void start(Vertx vertx) throws IOException {
    Browser.requireInstalled();
    Buffer page;
    try (InputStream in = CorsBrowserTest.class.getResourceAsStream("/cors/client.html")) {
      page = Buffer.buffer(in.readAllBytes());
    }
    allowedPage = servePage(vertx, page);
    otherPage = servePage(vertx, page);
    secrets = new TestSecrets(vertx);
    ProductVerticle product = new ProductVerticle();
    Await.result(vertx.deployVerticle(product, new DeploymentOptions().setConfig(DB.config()
      .mergeIn(secrets.config()).put("PORT", 0).put(Cors.KEY, "http://127.0.0.1:" + allowedPage))));
    productPort = product.port();
    api = new Api(vertx, productPort);
    browser = Browser.open(Path.of("target", "screenshots", "cors"));
  }

  private static int servePage(Vertx vertx, Buffer page) {
    HttpServer server = Await.result(vertx.createHttpServer()
      .requestHandler(req -> req.response().putHeader("Content-Type", "text/html; charset=utf-8").end(page))
      .listen(0, "127.0.0.1"));
    return server.actualPort();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
  }

  private String open(int pagePort) {
    String url = "http://127.0.0.1:" + pagePort + "/?api=" + enc("http://127.0.0.1:" + productPort)
      + "&token=" + enc(secrets.admin());
    browser.go(url);
    browser.await("the create call finished", d -> !d.findElement(By.id("create")).getText().equals("…"));
    return browser.find(By.id("list")).getText() + " | " + browser.find(By.id("create")).getText();
  }

  @Test
  @DisplayName("a listed origin reads the list with its exposed X-Total-Count and creates a product after a preflight")
  void listedOriginCallsTheServiceDirectly() {
    String seen = open(allowedPage);
    browser.screenshot("allowed-origin");
    assertTrue(seen.matches("200 total=\\d+ items=\\d+ \\|.*"), "the page reads the list and its X-Total-Count: " + seen);
    assertTrue(seen.contains("| 201 Desk lamp request=yes"), "the preflighted POST went through: " + seen);
  }

  @Test
  @DisplayName("an origin that is not listed is blocked by the browser, reads nothing and creates nothing")
  void unlistedOriginIsBlocked() {
    long before = productsNamed("Desk lamp");
    String seen = open(otherPage);
    browser.screenshot("other-origin");
    assertEquals("blocked | blocked", seen);
    assertEquals(before, productsNamed("Desk lamp"), "the refused preflight kept the POST from being sent");
  }

  private long productsNamed(String name) {
    return api.get("/products?per_page=100&q=" + enc(name)).array().size();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
