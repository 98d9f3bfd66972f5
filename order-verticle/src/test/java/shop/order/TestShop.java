package shop.order;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import shop.common.db.Database;
import shop.common.db.DbConfig;
import shop.product.ProductVerticle;
import shop.testing.Api;
import shop.testing.Await;
import shop.testing.ShopDatabase;
import shop.testing.TestSecrets;

import java.util.ArrayList;
import java.util.List;

/**
 * The real product service, one or more order service instances and a fake notification service,
 * each with its own fresh database, in the test JVM.
 */
final class TestShop {

  final Vertx vertx;
  final TestSecrets secrets;
  final FakeNotifications notifications = new FakeNotifications();
  final List<OrderVerticle> orderInstances = new ArrayList<>();
  final Pool orderDb;
  final JsonObject productConf;
  Api product;
  Api orders;
  String productDeployment;

  private TestShop(Vertx vertx, TestSecrets secrets, DbConfig orderDbConfig, JsonObject productConf) {
    this.vertx = vertx;
    this.secrets = secrets;
    this.orderDb = Database.pool(vertx, orderDbConfig);
    this.productConf = productConf;
  }

  /** Deploys everything; {@code orderConf} adds to (or overrides) the order service's config. */
  static TestShop start(Vertx vertx, ShopDatabase db, JsonObject orderConf, int orderVerticles) {
    return start(vertx, db, orderConf, new JsonObject(), orderVerticles);
  }

  /** As above; {@code productConf} adds to the product service's config. */
  static TestShop start(Vertx vertx, ShopDatabase db, JsonObject orderConf, JsonObject extraProductConf,
                        int orderVerticles) {
    TestSecrets secrets = new TestSecrets(vertx);
    JsonObject productConf = ShopDatabase.config(db.another("product")).mergeIn(secrets.config()).put("PORT", 0)
      .mergeIn(extraProductConf);
    TestShop shop = new TestShop(vertx, secrets, db.db(), productConf);
    shop.startProduct(0);
    Await.result(vertx.deployVerticle(shop.notifications, new DeploymentOptions().setConfig(secrets.config())));
    JsonObject conf = db.config().mergeIn(secrets.config())
      .put("PORT", 0)
      .put("PRODUCT_SERVICE_URL", "http://localhost:" + shop.product.port())
      .put("NOTIFICATION_SERVICE_URL", "http://localhost:" + shop.notifications.port())
      .put("PAYMENT_SERVICE_URL", "http://localhost:" + shop.notifications.port())
      .put("OUTBOX_POLL_MS", 100)
      .mergeIn(orderConf);
    for (int i = 0; i < orderVerticles; i++) {
      OrderVerticle v = new OrderVerticle();
      Await.result(vertx.deployVerticle(v, new DeploymentOptions().setConfig(conf)));
      shop.orderInstances.add(v);
    }
    shop.orders = new Api(vertx, shop.orderInstances.get(0).port());
    return shop;
  }

  /** (Re)starts the product service on {@code port} (0: any), on its same database. */
  void startProduct(int port) {
    ProductVerticle v = new ProductVerticle();
    productDeployment = Await.result(vertx.deployVerticle(v,
      new DeploymentOptions().setConfig(productConf.copy().put("PORT", port))));
    product = new Api(vertx, v.port());
  }

  void stopProduct() {
    Await.result(vertx.undeploy(productDeployment));
  }

  long createProduct(String name, double price, int stock) {
    Api.Reply r = product.post("/products", secrets.admin(),
      new JsonObject().put("name", name).put("price", price).put("stock", stock));
    if (r.status() != 201) {
      throw new AssertionError("product not created: " + r);
    }
    return r.json().getLong("id");
  }

  int stock(long productId) {
    return product.get("/products/" + productId).json().getInteger("stock");
  }

  String reservationStatus(long orderId) {
    Api.Reply r = product.get("/reservations/" + orderId, secrets.service());
    return r.status() == 200 ? r.json().getString("status") : "HTTP " + r.status();
  }

  static JsonObject body(long productId, int quantity) {
    return new JsonObject().put("items", new io.vertx.core.json.JsonArray()
      .add(new JsonObject().put("product_id", productId).put("quantity", quantity)));
  }

  Api.Reply place(long userId, JsonObject body) {
    return orders.post("/orders", secrets.customer(userId), body);
  }

  Api.Reply placeWithKey(long userId, String key, JsonObject body) {
    return Await.result(orders.send(HttpMethod.POST, "/orders", secrets.customer(userId), body,
      MultiMap.caseInsensitiveMultiMap().add("Idempotency-Key", key)));
  }

  long count(String sql, Object... args) {
    Tuple tuple = Tuple.tuple();
    for (Object a : args) {
      tuple.addValue(a);
    }
    return Await.result(orderDb.preparedQuery(sql).execute(tuple))
      .iterator().next().getLong(0);
  }

  long pendingOutbox() {
    return count("SELECT COUNT(*) FROM outbox WHERE status = 'pending'");
  }
}
