package shop.common.auth;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.RoutingContext;
import shop.common.config.Config;
import shop.common.config.ConfigException;
import shop.common.http.ApiError;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HS256 JWTs signed with {@code SECRET_KEY}. Refuses keys under 32 bytes, tokens without
 * {@code exp}, and any algorithm but HS256 (so {@code alg: none} never passes).
 */
public final class Auth {

  public static final int MIN_KEY_BYTES = 32;
  private static final String PRINCIPAL = "principal";
  private static final int SERVICE_TOKEN_SECONDS = 300;
  /** How many verified tokens are remembered; past this the memory starts again empty. */
  static final int VERIFIED_CACHE_SIZE = 10_000;

  /** A token already verified, valid until its {@code exp}. */
  private record Verified(Principal principal, long expiresAtMillis) {
  }

  private final JWTAuth jwt;
  private final int ttlMinutes;
  /**
   * Tokens verified before, by their exact text: a shopper or a relay sends the same token many
   * times, and checking the HMAC and parsing the claims again each time cost more CPU than the
   * rest of a small request. Only successes are kept, and only until the token's own expiry.
   */
  private final Map<String, Verified> verified = new ConcurrentHashMap<>();
  private String serviceToken;
  private long serviceTokenRenewAt;

  private Auth(JWTAuth jwt, int ttlMinutes) {
    this.jwt = jwt;
    this.ttlMinutes = ttlMinutes;
  }

  public static Auth create(Vertx vertx, JsonObject conf) {
    String key = Config.string(conf, "SECRET_KEY", null);
    if (key == null) {
      throw new ConfigException("SECRET_KEY is required (at least " + MIN_KEY_BYTES + " bytes)");
    }
    if (key.getBytes(StandardCharsets.UTF_8).length < MIN_KEY_BYTES) {
      throw new ConfigException("SECRET_KEY must be at least " + MIN_KEY_BYTES + " bytes long");
    }
    JWTAuth jwt = JWTAuth.create(vertx, new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(Buffer.buffer(key)))
      .setJWTOptions(new JWTOptions().setAlgorithm("HS256").setLeeway(5)));
    return new Auth(jwt, Config.integer(conf, "JWT_TTL_MINUTES", 60));
  }

  /** Verifies a bearer token: 401 for none, a bad signature, another algorithm, no or past {@code exp}. */
  public Future<Principal> verify(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Future.failedFuture(ApiError.unauthorized("Authentication required"));
    }
    String token = authorization.substring(7).trim();
    Verified known = verified.get(token);
    if (known != null) {
      if (System.currentTimeMillis() < known.expiresAtMillis()) {
        return Future.succeededFuture(known.principal());
      }
      verified.remove(token);
    }
    if (!isHs256(token)) {
      return Future.failedFuture(ApiError.unauthorized("Invalid token"));
    }
    return jwt.authenticate(new TokenCredentials(token))
      .recover(err -> Future.failedFuture(ApiError.unauthorized("Invalid or expired token")))
      .compose(user -> {
        JsonObject claims = user.attributes().getJsonObject("accessToken", user.principal());
        if (!(claims.getValue("exp") instanceof Number exp) || claims.getString("sub") == null) {
          return Future.failedFuture(ApiError.unauthorized("Invalid token"));
        }
        Principal principal = Principal.fromClaims(claims);
        remember(token, principal, exp.longValue() * 1000);
        return Future.succeededFuture(principal);
      });
  }

  private void remember(String token, Principal principal, long expiresAtMillis) {
    if (expiresAtMillis <= System.currentTimeMillis()) {
      return; // inside the clock-skew leeway: accepted, not remembered
    }
    if (verified.size() >= VERIFIED_CACHE_SIZE) {
      verified.clear();
    }
    verified.put(token, new Verified(principal, expiresAtMillis));
  }

  /** How many verified tokens are remembered now (for tests). */
  int rememberedTokens() {
    return verified.size();
  }

  private static boolean isHs256(String token) {
    int dot = token.indexOf('.');
    if (dot <= 0 || token.indexOf('.', dot + 1) < 0) {
      return false;
    }
    try {
      JsonObject header = new JsonObject(new String(Base64.getUrlDecoder().decode(token.substring(0, dot)),
        StandardCharsets.UTF_8));
      return "HS256".equals(header.getString("alg"));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** A route handler: the request must carry a valid token; the principal is kept on the context. */
  public Handler<RoutingContext> authenticate() {
    return ctx -> verify(ctx.request().getHeader("Authorization")).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        ctx.put(PRINCIPAL, ar.result());
        ctx.next();
      }
    });
  }

  /** A route handler after {@link #authenticate()}: the principal must hold one of {@code roles}. */
  public static Handler<RoutingContext> requireAny(String... roles) {
    Set<String> allowed = Set.of(roles);
    return ctx -> {
      Principal p = principal(ctx);
      if (p.roles().stream().anyMatch(allowed::contains)) {
        ctx.next();
      } else {
        ctx.fail(ApiError.forbidden("This needs the " + String.join(" or ", roles) + " role"));
      }
    };
  }

  public static Principal principal(RoutingContext ctx) {
    Principal p = ctx.get(PRINCIPAL);
    if (p == null) {
      throw ApiError.unauthorized("Authentication required");
    }
    return p;
  }

  public String userToken(long userId, String username, String email, List<String> roles) {
    JsonObject claims = new JsonObject()
      .put("user_id", userId)
      .put("username", username)
      .put("email", email)
      .put("roles", new JsonArray(roles));
    return jwt.generateToken(claims, new JWTOptions().setAlgorithm("HS256")
      .setSubject(Long.toString(userId)).setExpiresInMinutes(ttlMinutes));
  }

  public int ttlMinutes() {
    return ttlMinutes;
  }

  /** A short-lived {@code service} token for calls to other services, renewed well before it expires. */
  public String serviceToken(String serviceName) {
    long now = System.currentTimeMillis();
    if (serviceToken == null || now >= serviceTokenRenewAt) {
      JsonObject claims = new JsonObject()
        .put("username", serviceName)
        .put("roles", new JsonArray().add(Principal.SERVICE));
      serviceToken = jwt.generateToken(claims, new JWTOptions().setAlgorithm("HS256")
        .setSubject(serviceName).setExpiresInSeconds(SERVICE_TOKEN_SECONDS));
      serviceTokenRenewAt = now + (SERVICE_TOKEN_SECONDS - 60) * 1000L;
    }
    return "Bearer " + serviceToken;
  }
}
