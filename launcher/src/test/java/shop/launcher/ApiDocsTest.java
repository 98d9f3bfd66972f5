package shop.launcher;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import shop.common.http.Ops;
import shop.testing.Api;
import shop.testing.Await;
import shop.testing.TestSecrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The API explorer on the edge: Swagger UI from the webjar, our initializer, the five documents. No service needs to run. */
@ExtendWith(VertxExtension.class)
class ApiDocsTest {

  static Api edge;

  @BeforeAll
  static void deploy(Vertx vertx) {
    JsonObject env = new JsonObject().put("EDGE_PORT", 0)
      .put("PRODUCT_PORT", Ports.free()).put("USER_PORT", Ports.free()).put("ORDER_PORT", Ports.free())
      .put("PAYMENT_PORT", Ports.free()).put("NOTIFICATION_PORT", Ports.free());
    EdgeRouter router = new EdgeRouter(LaunchSettings.from(env), null);
    Await.result(vertx.deployVerticle(router, new DeploymentOptions().setConfig(new TestSecrets(vertx).config())));
    edge = new Api(vertx, router.port());
  }

  @Test
  void swaggerUiIsServedFromTheWebjarWithTheEdgeHeaders() {
    Api.Reply bare = edge.get("/api/docs");
    assertEquals(200, bare.status(), "redirected to /api/docs/, whose relative file links then work");
    assertTrue(bare.body().toString().contains("swagger-ui-bundle.js"), bare.body().toString());
    Api.Reply index = edge.get("/api/docs/");
    assertEquals(200, index.status(), index.toString());
    assertTrue(index.body().toString().contains("swagger-ui-bundle.js"), index.body().toString());
    assertEquals(EdgeRouter.CSP.replace("style-src 'self';", "style-src 'self' 'unsafe-inline';"),
      index.header("Content-Security-Policy"), "the edge's policy, with Swagger UI's inline styles allowed");
    assertEquals(EdgeRouter.CSP, edge.get("/").header("Content-Security-Policy"), "only there");
    for (String file : new String[] {"swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css", "index.css"}) {
      assertEquals(200, edge.get("/api/docs/" + file).status(), file);
    }
  }

  @Test
  void theInitializerListsTheFiveDocumentsNotThePetStore() {
    Api.Reply init = edge.get("/api/docs/swagger-initializer.js");
    assertEquals(200, init.status());
    String js = init.body().toString();
    for (String service : new String[] {"product", "user", "order", "payment", "notification"}) {
      assertTrue(js.contains("'" + service + "'"), js);
    }
    assertFalse(js.contains("petstore"), js);
  }

  @Test
  void eachServiceDocumentIsItsOwnOpenApiWithTheEdgeAsServer() {
    for (String service : new String[] {"product", "user", "order", "payment", "notification"}) {
      Api.Reply doc = edge.get("/api/docs/" + service + ".json");
      assertEquals(200, doc.status(), service);
      assertEquals(Ops.resource("openapi/" + service + ".json"), doc.body(), service + ": the same bytes as its /openapi.json");
      assertEquals("/api", doc.json().getJsonArray("servers").getJsonObject(0).getString("url"));
    }
    assertEquals(404, edge.get("/api/docs/reservations.json").status());
    assertEquals(404, edge.get("/api/docs/../../pom.xml").status());
  }
}
