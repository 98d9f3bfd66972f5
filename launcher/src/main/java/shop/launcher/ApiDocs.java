package shop.launcher;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import shop.common.http.Ops;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

/**
 * The API explorer at {@code /api/docs/}, as nginx serves it in compose: Swagger UI's files from
 * the {@code org.webjars:swagger-ui} jar, the storefront's {@code api/docs/swagger-initializer.js}
 * instead of the jar's (it lists the five documents), and {@code /api/docs/<service>.json}: each
 * service's OpenAPI document, the same resource its {@code /openapi.json} serves.
 */
final class ApiDocs {

  static final String PATH = "/api/docs";
  /** The edge's policy, except that Swagger UI sets inline styles (as in frontend/nginx.conf). */
  static final String CSP = EdgeRouter.CSP.replace("style-src 'self';", "style-src 'self' 'unsafe-inline';");
  private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";

  private ApiDocs() {
  }

  /** Mounts the explorer; {@code storefront} serves the storefront's own files by their path. */
  static void mount(Router router, Handler<RoutingContext> storefront, List<ServiceSpec> services) {
    router.route(PATH + "/*").handler(ctx -> {
      ctx.response().headers().set("Content-Security-Policy", CSP);
      ctx.next();
    });
    // the page's files are relative to it: /api/docs must become /api/docs/ (the route matches both)
    router.get(PATH).handler(ctx -> {
      if (ctx.request().path().equals(PATH)) {
        ctx.response().setStatusCode(301).putHeader(HttpHeaders.LOCATION, PATH + "/").end();
      } else {
        ctx.next();
      }
    });
    for (ServiceSpec s : services) {
      Buffer doc = Ops.resource("openapi/" + s.name() + ".json");
      router.get(PATH + "/" + s.name() + ".json").handler(ctx -> ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        .end(doc));
    }
    // a regex route, so the static handler looks the file up by its whole path (api/docs/…)
    router.routeWithRegex(HttpMethod.GET, "/api/docs/swagger-initializer\\.js").handler(storefront);
    router.get(PATH + "/*").handler(StaticHandler.create(WEBJAR + version())
      .setIndexPage("index.html")
      .setMaxAgeSeconds(300)
      .setIncludeHidden(false));
  }

  /** The swagger-ui jar's version: its files live under a folder named after it. */
  static String version() {
    String props = Ops.resource("META-INF/maven/org.webjars/swagger-ui/pom.properties").toString();
    Properties p = new Properties();
    try {
      p.load(new StringReader(props));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.getProperty("version");
  }
}
