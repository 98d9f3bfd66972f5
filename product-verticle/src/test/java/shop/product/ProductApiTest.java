package shop.product;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    api = TestProduct.deploy(vertx, DB, secrets, new JsonObject());
  }

  private static long create(String name, double price, int stock) {
    Api.Reply r = api.post("/products", secrets.admin(),
      new JsonObject().put("name", name).put("price", price).put("stock", stock).put("description", name + " desc"));
    assertEquals(201, r.status(), r.toString());
    return r.json().getLong("id");
  }

  @Test
  void adminCreatesAndAnyoneReads() {
    long id = create("Desk", 49.99, 3);
    Api.Reply read = api.get("/products/" + id);
    assertEquals(200, read.status());
    JsonObject p = read.json();
    assertEquals(id, p.getLong("id"));
    assertEquals("Desk", p.getString("name"));
    assertEquals("Desk desc", p.getString("description"));
    assertEquals(49.99, p.getDouble("price"));
    assertEquals(3, p.getInteger("stock"));
    assertEquals("INR", p.getString("currency"));
    assertEquals("application/json", read.header("Content-Type"));
    assertNotNull(read.header("X-Request-Id"));
    assertEquals("nosniff", read.header("X-Content-Type-Options"));
  }

  @Test
  void writesNeedAnAdmin() {
    JsonObject body = new JsonObject().put("name", "X").put("price", 1);
    assertEquals(401, api.post("/products", null, body).status());
    assertEquals(403, api.post("/products", secrets.customer(5), body).status());
    assertEquals(403, api.post("/products", secrets.service(), body).status());
    long id = create("Guarded", 10, 1);
    assertEquals(403, api.put("/products/" + id, secrets.customer(5), new JsonObject().put("price", 0)).status());
    assertEquals(403, api.delete("/products/" + id, secrets.customer(5)).status());
    assertEquals(10.0, api.get("/products/" + id).json().getDouble("price"));
  }

  @Test
  void updateChangesOnlyGivenFields() {
    long id = create("Lamp", 20, 4);
    Api.Reply r = api.put("/products/" + id, secrets.admin(), new JsonObject().put("price", 25.5).put("id", 999));
    assertEquals(200, r.status(), r.toString());
    assertEquals(25.5, r.json().getDouble("price"));
    assertEquals("Lamp", r.json().getString("name"));
    assertEquals(4, r.json().getInteger("stock"));
    assertEquals(id, r.json().getLong("id"));
    assertEquals(404, api.put("/products/987654", secrets.admin(), new JsonObject().put("price", 1)).status());
    assertEquals(400, api.put("/products/" + id, secrets.admin(), new JsonObject()).status());
  }

  @Test
  void deleteThenGone() {
    long id = create("Temp", 1, 1);
    assertEquals(204, api.delete("/products/" + id, secrets.admin()).status());
    assertEquals(404, api.get("/products/" + id).status());
    Api.Reply again = api.delete("/products/" + id, secrets.admin());
    assertEquals(404, again.status());
    assertEquals("not_found", again.code());
  }

  @Test
  void stockIsAdjustedByADifferenceWithinItsRange() {
    long id = create("Shelf", 30, 4);
    Api.Reply added = api.post("/products/" + id + "/stock", secrets.admin(), new JsonObject().put("delta", 6));
    assertEquals(200, added.status(), added.toString());
    assertEquals(10, added.json().getInteger("stock"));
    assertEquals(7, api.post("/products/" + id + "/stock", secrets.admin(), new JsonObject().put("delta", -3))
      .json().getInteger("stock"));
    Api.Reply below = api.post("/products/" + id + "/stock", secrets.admin(), new JsonObject().put("delta", -8));
    assertEquals(409, below.status(), below.toString());
    assertEquals("stock_out_of_range", below.code());
    assertEquals(7, below.json().getInteger("stock"));
    Api.Reply above = api.post("/products/" + id + "/stock", secrets.admin(),
      new JsonObject().put("delta", ProductInput.MAX_STOCK));
    assertEquals(409, above.status(), above.toString());
    for (Object bad : new Object[] {"5", 1.5, null}) {
      Api.Reply r = api.post("/products/" + id + "/stock", secrets.admin(), new JsonObject().put("delta", bad));
      assertEquals(400, r.status(), bad + " -> " + r);
      assertEquals("validation_failed", r.code());
    }
    assertEquals(403, api.post("/products/" + id + "/stock", secrets.customer(5), new JsonObject().put("delta", 1))
      .status());
    assertEquals(404, api.post("/products/987654/stock", secrets.admin(), new JsonObject().put("delta", 1)).status());
    assertEquals(7, api.get("/products/" + id).json().getInteger("stock"), "refused changes changed nothing");
  }

  @Test
  void badInputIs400AndWritesNothing() {
    long before = total();
    JsonObject[] bad = {
      new JsonObject().put("price", 10),
      new JsonObject().put("name", "  ").put("price", 10),
      new JsonObject().put("name", "N").put("price", -1),
      new JsonObject().put("name", "N").put("price", "ten"),
      new JsonObject().put("name", "N").put("price", 1.234),
      new JsonObject().put("name", "N").put("price", 1).put("stock", -3),
      new JsonObject().put("name", "N").put("price", 1).put("stock", 1.5),
      new JsonObject().put("name", 42).put("price", 1),
      new JsonObject().put("name", "x".repeat(201)).put("price", 1),
    };
    for (JsonObject body : bad) {
      Api.Reply r = api.post("/products", secrets.admin(), body);
      assertEquals(400, r.status(), body + " -> " + r);
      assertEquals("validation_failed", r.code(), r.toString());
      assertNotNull(r.json().getString("error"));
      assertTrue(r.json().getJsonObject("details").size() >= 1);
    }
    Api.Reply notJson = api.post("/products", secrets.admin(), Buffer.buffer("{not json"));
    assertEquals(415, notJson.status(), "no JSON content type");
    Api.Reply broken = Await.result(api.send(HttpMethod.POST, "/products", secrets.admin(), Buffer.buffer("{not json"),
      MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json")));
    assertEquals(400, broken.status());
    assertEquals("invalid_json", broken.code());
    Api.Reply array = Await.result(api.send(HttpMethod.POST, "/products", secrets.admin(), Buffer.buffer("[1]"),
      MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json")));
    assertEquals(400, array.status());
    assertEquals(before, total());
  }

  private static long total() {
    return Long.parseLong(api.get("/products?per_page=1").header("X-Total-Count"));
  }

  @Test
  void nonNumericIdsAre400() {
    for (String path : new String[] {"/products/abc", "/products/-1", "/products/0", "/products/1.5"}) {
      Api.Reply r = api.get(path);
      assertEquals(400, r.status(), path);
      assertEquals("invalid_id", r.code());
    }
    assertEquals(404, api.get("/products/99999999").status());
    assertEquals(400, api.get("/products?page=0").status());
    assertEquals(400, api.get("/products?per_page=abc").status());
  }

  @Test
  void oversizedBodyIs413AndUnknownRouteIsJson404() {
    JsonArray big = new JsonArray();
    for (int i = 0; i < 10_000; i++) {
      big.add("xxxxxxxxxx");
    }
    Api.Reply tooBig = api.post("/products", secrets.admin(), new JsonObject().put("name", big));
    assertEquals(413, tooBig.status());
    assertEquals("payload_too_large", tooBig.code());
    Api.Reply missing = api.get("/nothing-here");
    assertEquals(404, missing.status());
    assertEquals("not_found", missing.code());
  }

  @Test
  void searchPagingAndLinkHeaders() {
    for (int i = 0; i < 7; i++) {
      create("Zebra mug " + i, 5, 1);
    }
    create("Plain cup", 5, 1);
    Api.Reply page1 = api.get("/products?q=zebra&per_page=3");
    assertEquals(200, page1.status());
    assertEquals("7", page1.header("X-Total-Count"));
    assertEquals(3, page1.array().size());
    assertTrue(page1.header("Link").contains("rel=\"next\""), page1.header("Link"));
    assertTrue(page1.header("Link").contains("q=zebra"));
    Api.Reply page3 = api.get("/products?q=zebra&per_page=3&page=3");
    assertEquals(1, page3.array().size());
    assertFalse(page3.header("Link").contains("rel=\"next\""));
    Api.Reply byDescription = api.get("/products?q=cup%20desc");
    assertEquals(1, byDescription.array().size());
    assertEquals(0, api.get("/products?q=%25%25%25").array().size(), "% is searched literally");
    assertTrue(api.get("/products?per_page=500").header("Link").contains("per_page=100"), "per_page is capped at 100");
  }

  @Test
  void etagGives304() {
    long id = create("Cached", 9, 9);
    Api.Reply first = api.get("/products/" + id);
    String etag = first.header("ETag");
    assertNotNull(etag);
    Api.Reply again = Await.result(api.send(HttpMethod.GET, "/products/" + id, null, null,
      MultiMap.caseInsensitiveMultiMap().add("If-None-Match", etag)));
    assertEquals(304, again.status());
    api.put("/products/" + id, secrets.admin(), new JsonObject().put("stock", 8));
    Api.Reply changed = Await.result(api.send(HttpMethod.GET, "/products/" + id, null, null,
      MultiMap.caseInsensitiveMultiMap().add("If-None-Match", etag)));
    assertEquals(200, changed.status());
    String listTag = api.get("/products").header("ETag");
    Api.Reply list = Await.result(api.send(HttpMethod.GET, "/products", null, null,
      MultiMap.caseInsensitiveMultiMap().add("If-None-Match", listTag)));
    assertEquals(304, list.status());
  }

  @Test
  void healthAndOpenApi() {
    Api.Reply health = api.get("/health");
    assertEquals(200, health.status());
    assertEquals("UP", health.json().getString("status"));
    assertEquals(200, api.get("/health/live").status());
    Api.Reply doc = api.get("/openapi.json");
    assertEquals(200, doc.status());
    assertEquals("3.1.0", doc.json().getString("openapi"));
    JsonObject schema = doc.json().getJsonObject("components").getJsonObject("schemas").getJsonObject("Product");
    JsonObject real = api.get("/products/" + create("Documented", 1, 1)).json();
    assertEquals(schema.getJsonObject("properties").fieldNames(), real.fieldNames(),
      "a real product has exactly the documented fields");
    for (Object required : schema.getJsonArray("required")) {
      assertNotNull(real.getValue((String) required), required + " is present");
    }
  }
}
