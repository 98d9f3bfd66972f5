package shop.product;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import shop.testing.Api;
import shop.testing.Await;
import shop.testing.ShopDatabase;
import shop.testing.TestSecrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class ProductApiTest {

  @RegisterExtension
  static final ShopDatabase DB = new ShopDatabase();

  static Api api;
  static TestSecrets secrets;

  @BeforeAll
  static void deploy(Vertx vertx) {
    secrets = new TestSecrets(vertx);
    ProductVerticle verticle = new ProductVerticle();
    JsonObject conf = DB.config().mergeIn(secrets.config()).put("PORT", 0);
    Await.result(vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(conf)));
    api = new Api(vertx, verticle.port());
  }

  @Test
  void adminCreatesAndAnyoneReads() {
    Api.Reply created = api.post("/products", secrets.admin(),
      new JsonObject().put("name", "Desk").put("price", 49.99).put("stock", 3));
    assertEquals(201, created.status(), created.toString());
    long id = created.json().getLong("id");
    Api.Reply read = api.get("/products/" + id);
    assertEquals(200, read.status());
    assertEquals(49.99, read.json().getDouble("price"));
    assertEquals("INR", read.json().getString("currency"));
    assertNotNull(read.header("ETag"));
  }

  @Test
  void nonNumericIdIs400() {
    Api.Reply r = api.get("/products/abc");
    assertEquals(400, r.status());
    assertEquals("invalid_id", r.code());
  }

  @Test
  void notJsonIs415AndOversizedIs413() {
    Api.Reply r = api.post("/products", secrets.admin(), Buffer.buffer("name=x"));
    assertEquals(415, r.status(), r.toString());
    JsonArray big = new JsonArray();
    for (int i = 0; i < 10_000; i++) {
      big.add("xxxxxxxxxx");
    }
    Api.Reply tooBig = api.post("/products", secrets.admin(), new JsonObject().put("name", big));
    assertEquals(413, tooBig.status());
    assertTrue(tooBig.json().containsKey("error"));
  }
}
