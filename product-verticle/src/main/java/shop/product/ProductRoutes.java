package shop.product;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import shop.common.auth.Auth;
import shop.common.auth.Principal;
import shop.common.error.Conflict;
import shop.common.error.NotFound;
import shop.common.http.ApiError;
import shop.common.http.Etag;
import shop.common.http.Fields;
import shop.common.http.Http;
import shop.common.http.Paging;
import shop.common.http.Reply;
import shop.common.value.ItemLine;
import shop.common.value.Page;

import java.util.List;

/** docs/api/product.md: the catalog (reads answered with an ETag) and the reservations of orders. */
final class ProductRoutes {

  static final String OPENAPI = "openapi/product.json";

  private final Auth auth;
  private final ProductRepository products;
  private final ListingCache listings;
  private final Reservations reservations;
  private final ProductConfig cfg;

  ProductRoutes(Auth auth, ProductRepository products, ListingCache listings, Reservations reservations,
                ProductConfig cfg) {
    this.auth = auth;
    this.products = products;
    this.listings = listings;
    this.reservations = reservations;
    this.cfg = cfg;
  }

  Router mount(Router router) {
    // every request that may write (products, stock, reservations) ends the listings read before it,
    // when it starts and when it ends: a listing read meanwhile is not served after the write
    router.route().handler(ctx -> {
      if (!HttpMethod.GET.equals(ctx.request().method()) && !HttpMethod.HEAD.equals(ctx.request().method())) {
        listings.invalidate();
        ctx.addEndHandler(v -> listings.invalidate());
      }
      ctx.next();
    });
    router.get("/products").handler(Etag.respond(this::listProducts));
    router.get("/products/:id").handler(Etag.respond(this::getProduct));
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
      .handler(Auth.requireAny(Principal.SERVICE, Principal.ADMIN)).respond(this::getReservation);
    router.post("/reservations/:order_id/commit").handler(auth.authenticate())
      .handler(Auth.requireAny(Principal.SERVICE)).handler(this::commit);
    router.delete("/reservations/:order_id").handler(auth.authenticate())
      .handler(Auth.requireAny(Principal.SERVICE)).handler(this::release);
    return router;
  }

  private Future<Buffer> listProducts(RoutingContext ctx) {
    Page page = Paging.page(ctx, 20);
    String q = ctx.request().getParam("q");
    if (q != null && q.length() > 200) {
      throw ApiError.badRequest("invalid_parameter", "q must be at most 200 characters");
    }
    return listings.get(q, page, () -> products.list(q, page)).map(listing -> Paging.array(ctx, page, listing, Product::toJson).toBuffer());
  }

  private Future<Buffer> getProduct(RoutingContext ctx) {
    long id = Http.pathId(ctx, "id");
    return products.find(id).map(found -> {
      if (found.isEmpty()) {
        throw notFound(id);
      }
      return found.get().toJson().toBuffer();
    });
  }

  private static NotFound notFound(long id) {
    return new NotFound("Product " + id + " not found");
  }

  private void createProduct(RoutingContext ctx) {
    ProductInput in = ProductInput.forCreate(Http.bodyObject(ctx));
    Http.reply(ctx, 201, products.create(in, cfg.currency()).map(Product::toJson));
  }

  private void updateProduct(RoutingContext ctx) {
    long id = Http.pathId(ctx, "id");
    ProductInput in = ProductInput.forUpdate(Http.bodyObject(ctx));
    Http.reply(ctx, 200, products.update(id, in).map(found -> found.orElseThrow(() -> notFound(id)).toJson()));
  }

  private void adjustStock(RoutingContext ctx) {
    long id = Http.pathId(ctx, "id");
    Fields f = new Fields(Http.bodyObject(ctx));
    Integer delta = f.integer("delta", true, -ProductInput.MAX_STOCK, ProductInput.MAX_STOCK);
    f.check();
    Http.reply(ctx, 200, products.adjustStock(id, delta).map(found -> {
      ProductRepository.StockChange change = found.orElseThrow(() -> notFound(id));
      if (!change.applied()) {
        int stock = change.product().stock();
        throw new Conflict("stock_out_of_range", "The stock is " + stock + "; changing it by " + delta
          + " would take it out of 0 to " + ProductInput.MAX_STOCK, new JsonObject().put("stock", stock));
      }
      return change.product().toJson();
    }));
  }

  private void deleteProduct(RoutingContext ctx) {
    long id = Http.pathId(ctx, "id");
    Http.reply(ctx, 204, products.delete(id).map(deleted -> {
      if (!deleted) {
        throw notFound(id);
      }
      return null;
    }));
  }

  private void initData(RoutingContext ctx) {
    Http.reply(ctx, products.seedIfEmpty(ProductRepository.demoCatalog(), cfg.currency())
      .map(created -> Reply.of(created ? 201 : 200, new JsonObject().put("message",
        created ? "Sample data created successfully" : "Sample data already exists"))));
  }

  private void reserve(RoutingContext ctx) {
    Fields f = new Fields(Http.bodyObject(ctx));
    Long orderId = f.id("order_id", true);
    List<ItemLine> lines = f.itemLines("items");
    f.check();
    Http.reply(ctx, 201, reservations.reserve(orderId, lines, cfg.reservationTtlSeconds()).map(Reservation::toJson));
  }

  private Future<JsonObject> getReservation(RoutingContext ctx) {
    return reservations.find(Http.pathId(ctx, "order_id")).map(Reservation::toJson);
  }

  private void commit(RoutingContext ctx) {
    Http.reply(ctx, 200, reservations.commit(Http.pathId(ctx, "order_id")).map(Reservation::toJson));
  }

  private void release(RoutingContext ctx) {
    Http.reply(ctx, 200, reservations.release(Http.pathId(ctx, "order_id")));
  }
}
