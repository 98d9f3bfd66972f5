package shop.product;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import shop.common.auth.Auth;
import shop.common.auth.Principal;
import shop.common.auth.Revocations;
import shop.common.http.ApiError;
import shop.common.http.Fields;
import shop.common.http.Http;
import shop.common.http.ItemLines;
import shop.common.http.Ops;
import shop.common.http.Page;

import java.util.List;

/** docs/api/product.md. */
final class ProductRoutes {

  private final Vertx vertx;
  private final Pool pool;
  private final Auth auth;
  private final ProductConfig cfg;
  private final ProductRepository products;
  private final ReservationRepository reservations;

  ProductRoutes(Vertx vertx, Pool pool, SqlClient reads, Auth auth, ProductConfig cfg) {
    this.vertx = vertx;
    this.pool = pool;
    this.auth = auth;
    this.cfg = cfg;
    this.products = new ProductRepository(vertx, pool, reads);
    this.reservations = new ReservationRepository(vertx, pool);
  }

  ReservationRepository reservations() {
    return reservations;
  }

  Router router() {
    Router router = Http.router(vertx);
    Ops.mount(router, vertx, pool, "openapi/product.json");
    Revocations.mount(router, auth, pool);

    router.get("/products").handler(this::listProducts);
    router.get("/products/:id").handler(this::getProduct);
    router.post("/products").handler(auth.authenticate()).handler(Auth.requireAny(Principal.ADMIN))
      .handler(this::createProduct);
    router.put("/products/:id").handler(auth.authenticate()).handler(Auth.requireAny(Principal.ADMIN))
      .handler(this::updateProduct);
    router.post("/products/:id/stock").handler(auth.authenticate()).handler(Auth.requireAny(Principal.ADMIN))
      .handler(this::adjustStock);
    router.delete("/products/:id").handler(auth.authenticate()).handler(Auth.requireAny(Principal.ADMIN))
      .handler(this::deleteProduct);
    router.post("/init-data").handler(this::initData);

    router.post("/reservations").handler(auth.authenticate()).handler(Auth.requireAny(Principal.SERVICE))
      .handler(this::reserve);
    router.get("/reservations/:order_id").handler(auth.authenticate())
      .handler(Auth.requireAny(Principal.SERVICE, Principal.ADMIN)).handler(this::getReservation);
    router.post("/reservations/:order_id/commit").handler(auth.authenticate())
      .handler(Auth.requireAny(Principal.SERVICE)).handler(this::commit);
    router.delete("/reservations/:order_id").handler(auth.authenticate())
      .handler(Auth.requireAny(Principal.SERVICE)).handler(this::release);
    return router;
  }

  private void listProducts(RoutingContext ctx) {
    Page page = Page.from(ctx, 20);
    String q = ctx.request().getParam("q");
    if (q != null && q.length() > 200) {
      throw ApiError.badRequest("invalid_parameter", "q must be at most 200 characters");
    }
    products.list(q, page).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      JsonArray body = new JsonArray();
      ar.result().products().forEach(p -> body.add(p.toJson()));
      page.headers(ctx, ar.result().total());
      Http.jsonWithEtag(ctx, body.toBuffer());
    });
  }

  private void getProduct(RoutingContext ctx) {
    long id = Http.pathId(ctx, "id");
    products.find(id).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        Http.jsonWithEtag(ctx, ar.result().toJson().toBuffer());
      }
    });
  }

  private void createProduct(RoutingContext ctx) {
    ProductInput in = ProductInput.forCreate(Http.bodyObject(ctx));
    Http.reply(ctx, 201, products.create(in, cfg.currency()).map(Product::toJson));
  }

  private void updateProduct(RoutingContext ctx) {
    long id = Http.pathId(ctx, "id");
    ProductInput in = ProductInput.forUpdate(Http.bodyObject(ctx));
    Http.reply(ctx, 200, products.update(id, in).map(Product::toJson));
  }

  private void adjustStock(RoutingContext ctx) {
    long id = Http.pathId(ctx, "id");
    Fields f = new Fields(Http.bodyObject(ctx));
    Integer delta = f.integer("delta", true, -ProductInput.MAX_STOCK, ProductInput.MAX_STOCK);
    f.check();
    Http.reply(ctx, 200, products.adjustStock(id, delta).map(Product::toJson));
  }

  private void deleteProduct(RoutingContext ctx) {
    long id = Http.pathId(ctx, "id");
    Http.reply(ctx, 204, products.delete(id));
  }

  private void initData(RoutingContext ctx) {
    Future<JsonObject> seeded = products.seedIfEmpty(ProductRepository.demoCatalog(), cfg.currency())
      .map(created -> new JsonObject().put("message",
        created ? "Sample data created successfully" : "Sample data already exists"));
    seeded.onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        boolean created = ar.result().getString("message").startsWith("Sample data created");
        Http.json(ctx, created ? 201 : 200, ar.result());
      }
    });
  }

  private void reserve(RoutingContext ctx) {
    Fields f = new Fields(Http.bodyObject(ctx));
    Long orderId = f.id("order_id", true);
    List<ItemLines.Line> lines = ItemLines.read(f, "items");
    f.check();
    Http.reply(ctx, 201, reservations.reserve(orderId, lines, cfg.reservationTtlSeconds()).map(Reservation::toJson));
  }

  private void getReservation(RoutingContext ctx) {
    Http.reply(ctx, 200, reservations.find(Http.pathId(ctx, "order_id")).map(Reservation::toJson));
  }

  private void commit(RoutingContext ctx) {
    Http.reply(ctx, 200, reservations.commit(Http.pathId(ctx, "order_id")).map(Reservation::toJson));
  }

  private void release(RoutingContext ctx) {
    Http.reply(ctx, 200, reservations.release(Http.pathId(ctx, "order_id")));
  }
}
