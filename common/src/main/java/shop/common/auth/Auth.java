package shop.common.auth;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
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
 * HS256 JWTs signed with {@code SECRET_KEY}. Refuses keys under 32 bytes, any algorithm but HS256
 * (so {@code alg: none} never passes), tokens whose claims are not exactly right, and tokens a
 * user's revocation voids.
 */
public final class Auth {

  public static final int MIN_KEY_BYTES = 32;
  private static final String PRINCIPAL = "principal";
  private static final int SERVICE_TOKEN_SECONDS = 300;
  /** Clock skew allowed between the services' clocks, for {@code exp}, {@code iat} and {@code nbf}. */
  static final int LEEWAY_SECONDS = 5;
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
  private volatile Revocations revocations;

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
      .setJWTOptions(new JWTOptions().setAlgorithm("HS256").setLeeway(LEEWAY_SECONDS)));
    return new Auth(jwt, Config.integer(conf, "JWT_TTL_MINUTES", 60));
  }

  /**
   * Verifies a bearer token: 401 for none, a bad signature, another algorithm, claims that are not
   * exactly right ({@link TokenClaims}), a past {@code exp}, or a token its user's revocation voids.
   */
  public Future<Principal> verify(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Future.failedFuture(ApiError.unauthorized("Authentication required"));
    }
    String token = authorization.substring(7).trim();
    Verified known = verified.get(token);
    if (known != null) {
      if (System.currentTimeMillis() < known.expiresAtMillis()) {
        return admitted(known.principal());
      }
      verified.remove(token);
    }
    JsonObject claims = unverifiedClaims(token);
    if (claims == null) {
      return Future.failedFuture(TokenClaims.invalid());
    }
    Principal principal;
    Future<User> signed;
    try {
      principal = TokenClaims.principal(claims, System.currentTimeMillis() / 1000, LEEWAY_SECONDS);
      signed = jwt.authenticate(new TokenCredentials(token));
    } catch (RuntimeException e) {
      // a claim JWTAuth cannot digest must not escape as a 500
      return Future.failedFuture(e instanceof ApiError api ? api : TokenClaims.invalid());
    }
    return signed.transform(ar -> {
      if (ar.failed()) {
        return Future.failedFuture(ApiError.unauthorized("Invalid or expired token"));
      }
      remember(token, principal, claims.getLong("exp") * 1000);
      return admitted(principal);
    });
  }

  /** Checks revocations on every use, remembered tokens included: a revocation applies at once. */
  private Future<Principal> admitted(Principal principal) {
    Revocations r = revocations;
    return r != null && r.revokes(principal)
      ? Future.failedFuture(ApiError.unauthorized("Token revoked"))
      : Future.succeededFuture(principal);
  }

  /** Tokens of users the user service has revoked are refused from now on (see {@link Revocations}). */
  public Auth checking(Revocations revocations) {
    this.revocations = revocations;
    return this;
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

  /**
   * The payload of a compact JWS whose header is exactly HS256 (so {@code alg: none} and other
   * algorithms never reach the key) with no critical extensions; null for anything else. The
   * signature is checked afterwards.
   */
  private static JsonObject unverifiedClaims(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3 || parts[2].isEmpty()) {
      return null;
    }
    try {
      Base64.Decoder b64 = Base64.getUrlDecoder();
      JsonObject header = new JsonObject(new String(b64.decode(parts[0]), StandardCharsets.UTF_8));
      if (!"HS256".equals(header.getValue("alg")) || header.containsKey("crit")) {
        return null;
      }
      return new JsonObject(new String(b64.decode(parts[1]), StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      return null;
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
    return userToken(userId, username, email, roles, 0);
  }

  /** A login token; {@code tokenVersion} (claim {@code tv}) is the user's current token version. */
  public String userToken(long userId, String username, String email, List<String> roles, long tokenVersion) {
    JsonObject claims = new JsonObject()
      .put("user_id", userId)
      .put("tv", tokenVersion)
      .put("username", username)
      .put("email", email)
      .put("roles", new JsonArray(roles));
    return jwt.generateToken(claims, new JWTOptions().setAlgorithm("HS256")
      .setSubject(Long.toString(userId)).setExpiresInMinutes(ttlMinutes));
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
