package shop.launcher;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shop.common.auth.Auth;
import shop.common.auth.Principal;
import shop.common.http.ErrorHandler;
import shop.common.http.Http;
import shop.common.http.Outgoing;
import shop.common.http.RequestId;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The edge on 8081, doing in the JVM what nginx does in compose: the storefront's files, the
 * {@code /api/*} forwarding, {@code /api/health}, the API explorer at {@code /api/docs/}, the
 * admin-only {@code /api/mailbox}, and the same Content-Security-Policy and security headers.
 */
public final class EdgeRouter extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(EdgeRouter.class);
  public static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    + "frame-ancestors 'none'";
  private static final int MAILBOX_DEFAULT = 50;
  private static final int MAILBOX_MAX = 200;

  private final LaunchSettings settings;
  private final MailSink mail;
  private HttpServer server;

  public EdgeRouter(LaunchSettings settings, MailSink mail) {
    this.settings = settings;
    this.mail = mail;
  }

  @Override
  public Future<?> start() {
    Auth auth = Auth.create(vertx, config());
    WebClient client = Outgoing.client(vertx, "shop-edge");
    // the services' listener: EDGE_HOST as its bind address, and the same deadlines for slow clients
    return Http.listen(vertx, config().copy().put("HOST", settings.edgeHost()), "shop-edge", settings.edgePort(),
        router(auth, client))
      .onSuccess(s -> server = s);
  }

  @Override
  public Future<?> stop() {
    return Http.drain(server, 3);
  }

  public int port() {
    return server.actualPort();
  }

  Router router(Auth auth, WebClient client) {
    Map<String, ApiProxy.Target> routes = new HashMap<>();
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (ServiceSpec s : Services.ALL) {
      ports.put(s.name(), settings.port(s));
      ApiProxy.Target target = new ApiProxy.Target(s.name(), settings.connectHost(), settings.port(s));
      s.apiPrefixes().forEach(prefix -> routes.put(prefix, target));
    }
    ApiProxy proxy = new ApiProxy(client, routes, settings.edgeTimeoutMs());
    HealthReport health = new HealthReport(client, settings.connectHost(), ports, mail);

    Router router = Router.router(vertx);
    router.route().handler(RequestId::handle);
    router.route().handler(EdgeRouter::securityHeaders);
    router.get("/api/health").handler(health::handle);
    router.get("/api/mailbox").handler(auth.authenticate()).handler(Auth.requireAny(Principal.ADMIN))
      .handler(this::mailbox);
    StaticHandler storefront = staticFiles();
    ApiDocs.mount(router, storefront, Services.ALL);
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(Http.BODY_LIMIT)).handler(proxy::forward);
    // the storefront folder also holds nginx's config and its README: like nginx, never serve them
    router.routeWithRegex("(?i).*\\.(conf|md)$").handler(ctx -> ctx.fail(404));
    router.route().handler(storefront);
    ErrorHandler.install(router);
    return router;
  }

  static void securityHeaders(RoutingContext ctx) {
    ctx.response().headers()
      .set("Content-Security-Policy", CSP)
      .set("X-Content-Type-Options", "nosniff")
      .set("X-Frame-Options", "DENY")
      .set("Referrer-Policy", "same-origin")
      .set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
      .set("Cross-Origin-Opener-Policy", "same-origin");
    ctx.next();
  }

  private void mailbox(RoutingContext ctx) {
    int limit = MAILBOX_DEFAULT;
    String raw = ctx.request().getParam("limit");
    if (raw != null && raw.matches("\\d{1,4}")) {
      limit = Math.max(1, Math.min(MAILBOX_MAX, Integer.parseInt(raw)));
    }
    int max = limit;
    ctx.response().putHeader("Cache-Control", "no-store");
    Http.reply(ctx, 200, vertx.executeBlocking(() -> mail.recent(max)));
  }

  /** The storefront's folder on disk when there is one (edits show on reload), else the copy inside shop.jar. */
  private StaticHandler staticFiles() {
    Optional<Path> dir = storefrontDir(settings.frontendDir());
    if (dir.isPresent()) {
      LOG.info("serving the storefront from {}", dir.get());
      return StaticHandler.create(FileSystemAccess.ROOT, dir.get().toString())
        .setCachingEnabled(false)
        .setIncludeHidden(false);
    }
    return StaticHandler.create("webroot").setMaxAgeSeconds(300).setIncludeHidden(false);
  }

  /**
   * {@code SHOP_FRONTEND_DIR}; else, when the launcher runs from compiled classes (the IDE, Maven),
   * the repository's {@code frontend/} above them, whatever the working directory; else
   * {@code ./frontend}; else none (shop.jar away from a clone serves its own copy).
   */
  static Optional<Path> storefrontDir(Path configured) {
    if (configured != null) {
      return Optional.of(configured.toAbsolutePath().normalize()).filter(EdgeRouter::isStorefront);
    }
    try {
      Path classes = Path.of(EdgeRouter.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path dir = Files.isDirectory(classes) ? classes : null; dir != null; dir = dir.getParent()) {
        if (isStorefront(dir.resolve("frontend")) && Files.exists(dir.resolve("mvnw"))) {
          return Optional.of(dir.resolve("frontend"));
        }
      }
    } catch (URISyntaxException | RuntimeException unknownLocation) {
      // fall back to the working directory
    }
    return Optional.of(Path.of("frontend").toAbsolutePath().normalize()).filter(EdgeRouter::isStorefront);
  }

  private static boolean isStorefront(Path dir) {
    return Files.isRegularFile(dir.resolve("index.html"));
  }
}
