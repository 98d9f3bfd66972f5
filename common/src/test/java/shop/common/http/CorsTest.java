package shop.common.http;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import shop.common.config.ConfigException;
import shop.testing.Api;
import shop.testing.Await;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CORS_ALLOWED_ORIGINS over real HTTP, on a router built like a service's (in start(), from its config). */
@ExtendWith(VertxExtension.class)
class CorsTest {

  static final String SHOP = "https://shop.example.com";
  static final String EVIL = "https://evil.example.net";

  /** A service-shaped verticle: GET/PUT/DELETE on /things/:id, GET/POST on /things. */
  static final class Things extends VerticleBase {
    HttpServer server;

    @Override
    public Future<?> start() {
      Router router = Http.router(vertx);
      router.get("/things").handler(ctx -> ctx.response().putHeader("X-Total-Count", "1").end("[]"));
      router.post("/things").handler(ctx -> Http.json(ctx, 201, new JsonObject()));
      router.get("/things/:id").handler(ctx -> ctx.fail(ApiError.notFound("Thing not found")));
      router.put("/things/:id").handler(ctx -> Http.json(ctx, 200, new JsonObject()));
      router.delete("/things/:id").handler(ctx -> ctx.response().setStatusCode(204).end());
      return vertx.createHttpServer().requestHandler(router).listen(0).onSuccess(s -> server = s);
    }
  }

  private static Api deploy(Vertx vertx, String origins) {
    Things things = new Things();
    JsonObject conf = origins == null ? new JsonObject() : new JsonObject().put(Cors.KEY, origins);
    Await.result(vertx.deployVerticle(things, new DeploymentOptions().setConfig(conf)));
    return new Api(vertx, things.server.actualPort());
  }

  private static Api.Reply preflight(Api api, String path, String origin, String method) {
    return Await.result(api.send(HttpMethod.OPTIONS, path, null, null, MultiMap.caseInsensitiveMultiMap()
      .add("Origin", origin).add("Access-Control-Request-Method", method)
      .add("Access-Control-Request-Headers", "authorization,content-type,idempotency-key")));
  }

  private static Api.Reply get(Api api, String path, String origin) {
    return Await.result(api.send(HttpMethod.GET, path, null, null, MultiMap.caseInsensitiveMultiMap().add("Origin", origin)));
  }

  @Test
  @DisplayName("without CORS_ALLOWED_ORIGINS a service sends no CORS header at all")
  void offByDefault(Vertx vertx) {
    Api api = deploy(vertx, null);
    Api.Reply r = get(api, "/things", SHOP);
    assertEquals(200, r.status());
    assertNull(r.header("Access-Control-Allow-Origin"));
    assertNull(r.header("Vary"));
    Api.Reply pre = preflight(api, "/things", SHOP, "POST");
    assertNull(pre.header("Access-Control-Allow-Origin"), pre.headers().toString());
    assertNull(pre.header("Access-Control-Allow-Methods"));
  }

  @Test
  @DisplayName("a listed origin's preflight gets its own origin back with the route's methods and the API's headers")
  void preflightForAListedOrigin(Vertx vertx) {
    Api api = deploy(vertx, "http://localhost:3000, " + SHOP);
    Api.Reply item = preflight(api, "/things/7", SHOP, "PUT");
    assertEquals(204, item.status(), item.toString());
    assertEquals(SHOP, item.header("Access-Control-Allow-Origin"));
    assertEquals("DELETE, GET, PUT", item.header("Access-Control-Allow-Methods"));
    for (String h : new String[] {"Authorization", "Content-Type", "Idempotency-Key", "X-Request-Id"}) {
      assertTrue(item.header("Access-Control-Allow-Headers").contains(h), item.headers().toString());
    }
    assertNull(item.header("Access-Control-Allow-Credentials"), "tokens travel in Authorization, never cookies");
    assertTrue(item.header("Vary").contains("Origin"));
    assertEquals("GET, POST", preflight(api, "/things", "http://localhost:3000", "POST").header("Access-Control-Allow-Methods"));
    assertEquals(404, preflight(api, "/nothing", SHOP, "GET").status());
  }

  @Test
  @DisplayName("a listed origin's requests expose the headers the API uses, errors included")
  void requestsFromAListedOrigin(Vertx vertx) {
    Api api = deploy(vertx, SHOP);
    Api.Reply list = get(api, "/things", SHOP);
    assertEquals(SHOP, list.header("Access-Control-Allow-Origin"));
    for (String h : new String[] {"X-Total-Count", "Link", "ETag", "X-Request-Id", "Retry-After", "Idempotent-Replayed"}) {
      assertTrue(list.header("Access-Control-Expose-Headers").contains(h), list.headers().toString());
    }
    Api.Reply missing = get(api, "/things/7", SHOP);
    assertEquals(404, missing.status());
    assertEquals(SHOP, missing.header("Access-Control-Allow-Origin"), "the page can read the JSON error");
  }

  @Test
  @DisplayName("an unlisted origin is never reflected: its preflight is 403 and its requests carry no CORS header")
  void unlistedOriginsGetNothing(Vertx vertx) {
    Api api = deploy(vertx, SHOP);
    Api.Reply pre = preflight(api, "/things", EVIL, "POST");
    assertEquals(403, pre.status());
    assertEquals("origin_not_allowed", pre.code());
    assertNull(pre.header("Access-Control-Allow-Origin"));
    assertNull(pre.header("Access-Control-Allow-Methods"));
    Api.Reply r = get(api, "/things", EVIL);
    assertEquals(200, r.status(), "the request itself is served (the browser keeps the answer from the page)");
    assertNull(r.header("Access-Control-Allow-Origin"));
    assertNull(get(api, "/things", "https://shop.example.com.evil.example.net").header("Access-Control-Allow-Origin"));
    assertNull(get(api, "/things", "null").header("Access-Control-Allow-Origin"));
    assertEquals("Origin", r.header("Vary"), "caches keep answers per origin");
  }

  @Test
  void originsAreNormalisedAsBrowsersSendThem() {
    assertEquals(Set.of("https://shop.example.com", "http://localhost:3000"),
      Cors.origins(new JsonObject().put(Cors.KEY, "HTTPS://Shop.Example.com:443/ ,http://localhost:3000,")));
    assertEquals(Set.of(), Cors.origins(new JsonObject()));
    assertEquals(Set.of(), Cors.origins(new JsonObject().put(Cors.KEY, " ")));
  }

  @Test
  @DisplayName("a wildcard, a path or a bare host in CORS_ALLOWED_ORIGINS stops the service at start")
  void wildcardsAndMalformedOriginsAreRefused(Vertx vertx) {
    for (String bad : new String[] {"*", "https://*.example.com", "shop.example.com", "https://shop.example.com/app",
      "null", "ftp://shop.example.com"}) {
      assertThrows(ConfigException.class, () -> Cors.origins(new JsonObject().put(Cors.KEY, bad)), bad);
    }
    Throwable failed = assertThrows(Throwable.class, () -> deploy(vertx, "*"));
    Throwable cause = failed instanceof ConfigException ? failed : failed.getCause();
    assertInstanceOf(ConfigException.class, cause, String.valueOf(failed));
    assertFalse(cause.getMessage().isBlank());
  }
}
