package shop.product;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import shop.testing.Api;
import shop.testing.Await;
import shop.testing.ShopDatabase;
import shop.testing.TestSecrets;

/** Deploys the real product verticle on its test database and any free port. */
final class TestProduct {

  private TestProduct() {
  }

  /** {@code extra} adds to (or overrides) the config. */
  static Api deploy(Vertx vertx, ShopDatabase db, TestSecrets secrets, JsonObject extra) {
    ProductVerticle verticle = new ProductVerticle();
    JsonObject conf = db.config().mergeIn(secrets.config()).put("PORT", 0).mergeIn(extra);
    Await.result(vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(conf)));
    return new Api(vertx, verticle.port());
  }
}
