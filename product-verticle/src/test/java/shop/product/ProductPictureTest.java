package shop.product;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import shop.testing.Api;
import shop.testing.ShopDatabase;
import shop.testing.TestSecrets;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 16: products carry an optional, checked {@code image_url}; prices stay within DECIMAL(12,2). */
@ExtendWith(VertxExtension.class)
class ProductPictureTest {

  @RegisterExtension
  static final ShopDatabase DB = new ShopDatabase();

  static Api api;
  static TestSecrets secrets;

  @BeforeAll
  static void deploy(Vertx vertx) {
    secrets = new TestSecrets(vertx);
    api = TestProduct.deploy(vertx, DB, secrets, new JsonObject());
  }

  private static Api.Reply create(JsonObject body) {
    return api.post("/products", secrets.admin(), body.put("name", "Lamp").put("price", 12.5));
  }

  @Test
  @DisplayName("a picture is set on create, shown in every answer, changed, kept and removed on update")
  void pictureLifecycle() {
    Api.Reply created = create(new JsonObject().put("image_url", "/images/products/lamp.svg"));
    assertEquals(201, created.status(), created.toString());
    long id = created.json().getLong("id");
    assertEquals("/images/products/lamp.svg", created.json().getString("image_url"));
    assertEquals("/images/products/lamp.svg", api.get("/products/" + id).json().getString("image_url"));
    assertTrue(api.get("/products?q=Lamp").array().stream()
      .anyMatch(p -> "/images/products/lamp.svg".equals(((JsonObject) p).getString("image_url"))));

    String remote = "https://cdn.example.com/pictures/lamp.png?v=2";
    assertEquals(remote, api.put("/products/" + id, secrets.admin(), new JsonObject().put("image_url", remote))
      .json().getString("image_url"));
    Api.Reply priced = api.put("/products/" + id, secrets.admin(), new JsonObject().put("price", 13));
    assertEquals(remote, priced.json().getString("image_url"), "an update without image_url keeps it");
    Api.Reply cleared = api.put("/products/" + id, secrets.admin(), new JsonObject().put("image_url", ""));
    assertEquals(200, cleared.status(), cleared.toString());
    assertTrue(cleared.json().containsKey("image_url"));
    assertNull(cleared.json().getString("image_url"), "an empty image_url removes the picture");

    Api.Reply without = create(new JsonObject());
    assertTrue(without.json().containsKey("image_url"));
    assertNull(without.json().getString("image_url"));
  }

  @Test
  @DisplayName("anything but an http(s) URL or a storefront path is 400 and writes nothing")
  void badPicturesAre400() {
    List<Object> bad = List.of("javascript:alert(1)", "data:image/svg+xml;base64,PHN2Zz4=", "ftp://example.com/a.png",
      "//evil.example.com/a.png", "images/a.png", "/images/../admin", "/images/a b.png", "http://", "https:///a.png",
      "https://user:secret@example.com/a.png", "/" + "a".repeat(500), 42, "\\\\server\\share.png");
    for (Object url : bad) {
      Api.Reply r = create(new JsonObject().put("image_url", url));
      assertEquals(400, r.status(), url + " -> " + r);
      assertEquals("validation_failed", r.code());
      assertTrue(r.json().getJsonObject("details").containsKey("image_url"), r.toString());
    }
    long id = create(new JsonObject().put("image_url", "/images/products/ok.svg")).json().getLong("id");
    Api.Reply r = api.put("/products/" + id, secrets.admin(), new JsonObject().put("image_url", "javascript:x"));
    assertEquals(400, r.status());
    assertEquals("/images/products/ok.svg", api.get("/products/" + id).json().getString("image_url"));
  }

  @Test
  @DisplayName("prices up to 9,999,999,999.99 are accepted, beyond is 400")
  void pricesStayWithinTheColumn() {
    Api.Reply max = api.post("/products", secrets.admin(), new JsonObject().put("name", "Big").put("price", 9_999_999_999.99));
    assertEquals(201, max.status(), max.toString());
    assertEquals(9_999_999_999.99, max.json().getDouble("price"));
    for (Object price : List.of(10_000_000_000L, "1e12", 1e300)) {
      Api.Reply r = api.post("/products", secrets.admin(), new JsonObject().put("name", "Bigger").put("price", price));
      assertEquals(400, r.status(), price + " -> " + r);
      assertTrue(r.json().getJsonObject("details").containsKey("price"));
      Api.Reply update = api.put("/products/" + max.json().getLong("id"), secrets.admin(),
        new JsonObject().put("price", price));
      assertEquals(400, update.status(), price + " -> " + update);
    }
  }
}
