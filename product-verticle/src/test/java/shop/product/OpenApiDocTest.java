package shop.product;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import shop.common.auth.Auth;
import shop.common.http.Ops;
import shop.testing.OpenApiCheck;

import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith(VertxExtension.class)
class OpenApiDocTest {

  @Test
  void documentsExactlyTheRoutedPaths(Vertx vertx) {
    JsonObject conf = new JsonObject().put("SECRET_KEY", "d".repeat(40));
    Pool unused = shop.common.db.Database.pool(vertx, shop.common.db.DbConfig.from(conf, "product_db"));
    Auth auth = Auth.create(vertx, conf);
    ProductRoutes routes = new ProductRoutes(auth, null, null, null, ProductConfig.from(conf));
    JsonObject doc = Ops.resource(ProductRoutes.OPENAPI).toJsonObject();
    assertEquals(OpenApiCheck.documented(doc),
      OpenApiCheck.routed(routes.mount(Ops.serviceRouter(vertx, unused, auth, ProductRoutes.OPENAPI, null))));
  }
}
