package shop.common.http;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import shop.common.config.Config;
import shop.common.config.ConfigException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code CORS_ALLOWED_ORIGINS}: the exact origins (comma-separated) whose pages may call a service
 * directly. Empty by default, and then no CORS header is ever sent. Written here rather than with
 * {@code CorsHandler}, whose {@code create()} allows any origin and echoes the caller's with
 * credentials: a listed origin gets itself back, an unlisted one nothing (a preflight from it is
 * 403), never {@code *}, never credentials (tokens travel in {@code Authorization}, not cookies).
 * A preflight is answered with the methods the router has for that path.
 */
public final class Cors {

  public static final String KEY = "CORS_ALLOWED_ORIGINS";
  static final String ALLOWED_HEADERS = "Authorization, Content-Type, Idempotency-Key, X-Request-Id";
  static final String EXPOSED_HEADERS = "X-Total-Count, Link, ETag, X-Request-Id, Retry-After, Idempotent-Replayed";
  static final String MAX_AGE_SECONDS = "600";

  private final Set<String> origins;
  private final Router router;

  private Cors(Set<String> origins, Router router) {
    this.origins = origins;
    this.router = router;
  }

  /**
   * Adds the CORS handler when the deployment config lists origins. Every service builds its
   * router in {@code start()}, on its own context, so that config is at hand without passing it.
   */
  public static void mount(Router router) {
    Context context = Vertx.currentContext();
    Set<String> origins = origins(context == null ? new JsonObject() : context.config());
    if (!origins.isEmpty()) {
      router.route().handler(new Cors(origins, router)::handle);
    }
  }

  /** The configured origins, normalised as browsers send them; a wildcard or a malformed entry stops the start. */
  static Set<String> origins(JsonObject conf) {
    Set<String> out = new LinkedHashSet<>();
    for (String raw : Config.string(conf, KEY, "").split(",")) {
      if (!raw.isBlank()) {
        out.add(normalise(raw.trim()));
      }
    }
    return Set.copyOf(out);
  }

  static String normalise(String origin) {
    URI uri;
    try {
      uri = new URI(origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin);
    } catch (URISyntaxException e) {
      throw invalid(origin);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean bare = uri.getRawPath() == null || uri.getRawPath().isEmpty();
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || !bare
      || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
      throw invalid(origin);
    }
    int port = uri.getPort();
    boolean defaultPort = port == -1 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
    return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
  }

  private static ConfigException invalid(String origin) {
    return new ConfigException(KEY + " lists exact origins such as https://shop.example.com or "
      + "http://localhost:3000 (no '*', no path), got '" + origin + "'");
  }

  private void handle(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    HttpServerResponse resp = ctx.response();
    String origin = req.getHeader("Origin");
    boolean preflight = req.method() == HttpMethod.OPTIONS && req.getHeader("Access-Control-Request-Method") != null;
    resp.headers().add("Vary", "Origin");
    if (origin == null || !origins.contains(origin)) {
      if (preflight && origin != null) {
        ctx.fail(new ApiError(403, "origin_not_allowed", "Cross-origin requests from this origin are not allowed"));
      } else {
        ctx.next();
      }
      return;
    }
    resp.putHeader("Access-Control-Allow-Origin", origin);
    if (!preflight) {
      resp.putHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
      ctx.next();
      return;
    }
    Set<String> methods = methodsFor(ctx.normalizedPath());
    if (methods.isEmpty()) {
      ctx.fail(ApiError.notFound("No such route"));
      return;
    }
    resp.setStatusCode(204)
      .putHeader("Access-Control-Allow-Methods", String.join(", ", methods))
      .putHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS)
      .putHeader("Access-Control-Max-Age", MAX_AGE_SECONDS)
      .end();
  }

  /** The methods of the routes whose path template matches {@code path}, e.g. GET, PUT for /products/7. */
  Set<String> methodsFor(String path) {
    Set<String> methods = new TreeSet<>();
    for (Route r : router.getRoutes()) {
      if (r.getPath() != null && r.methods() != null && matches(r.getPath(), r.isExactPath(), path)) {
        methods.addAll(r.methods().stream().map(HttpMethod::name).collect(Collectors.toSet()));
      }
    }
    return methods;
  }

  static boolean matches(String template, boolean exact, String path) {
    String[] want = template.split("/", -1);
    String[] got = path.split("/", -1);
    if (exact ? want.length != got.length : got.length < want.length) {
      return false;
    }
    for (int i = 0; i < want.length; i++) {
      if (!exact && i == want.length - 1 && want[i].isEmpty()) {
        return true; // a prefix route: "/x/*" is kept as "/x/"
      }
      if (want[i].startsWith(":") ? got[i].isEmpty() : !want[i].equals(got[i])) {
        return false;
      }
    }
    return true;
  }
}
