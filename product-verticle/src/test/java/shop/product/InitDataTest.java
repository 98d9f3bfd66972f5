package shop.product;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import shop.testing.Api;
import shop.testing.Await;
import shop.testing.ShopDatabase;
import shop.testing.TestSecrets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class InitDataTest {

  @RegisterExtension
  static final ShopDatabase DB = new ShopDatabase();

  @Test
  void twentyConcurrentCallsSeedFiveProductsOnce(Vertx vertx) {
    TestSecrets secrets = new TestSecrets(vertx);
    JsonObject conf = DB.config().mergeIn(secrets.config()).put("PORT", 0);
    ProductVerticle a = new ProductVerticle();
    ProductVerticle b = new ProductVerticle();
    Await.result(vertx.deployVerticle(a, new DeploymentOptions().setConfig(conf)));
    Await.result(vertx.deployVerticle(b, new DeploymentOptions().setConfig(conf)));
    Api apiA = new Api(vertx, a.port());
    Api apiB = new Api(vertx, b.port());
    List<Future<Api.Reply>> calls = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      calls.add((i % 2 == 0 ? apiA : apiB).send(HttpMethod.POST, "/init-data", null, null, null));
    }
    Await.result(Future.join(new ArrayList<>(calls)));
    long created = calls.stream().filter(f -> f.result().status() == 201).count();
    long existed = calls.stream().filter(f -> f.result().status() == 200).count();
    assertEquals(1, created);
    assertEquals(19, existed);
    assertEquals("Sample data already exists", calls.stream().filter(f -> f.result().status() == 200)
      .findFirst().orElseThrow().result().json().getString("message"));
    JsonArray products = apiA.get("/products").array();
    assertEquals(5, products.size());
    JsonObject laptop = products.getJsonObject(0);
    assertEquals("Laptop", laptop.getString("name"));
    assertEquals(75000.0, laptop.getDouble("price"));
    assertEquals(10, laptop.getInteger("stock"));
    for (Object o : products) {
      // the seed's pictures ship with the storefront, which serves frontend/ at /
      String url = ((JsonObject) o).getString("image_url");
      assertTrue(url.startsWith("/images/products/") && url.endsWith(".svg"), url);
      Path file = Path.of("..", "frontend", url.substring(1));
      assertTrue(Files.isRegularFile(file), "missing " + file.toAbsolutePath().normalize());
    }
    assertEquals(200, apiB.post("/init-data", null, null).status());
  }
}
