package shop.common.auth;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import shop.common.config.ConfigException;
import shop.common.http.ApiError;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class AuthTest {

  static final String KEY = "k".repeat(16) + "0123456789abcdef";
  static final String OTHER_KEY = "z".repeat(40);

  private static Principal verify(Auth auth, String header) throws Exception {
    return auth.verify(header).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static void assert401(Auth auth, String header) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> verify(auth, header));
    assertTrue(e.getCause() instanceof ApiError api && api.status() == 401, e.getCause().toString());
  }

  private static JWTAuth raw(Vertx vertx, String key) {
    return JWTAuth.create(vertx, new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(Buffer.buffer(key))));
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void missingOrShortKeyStopsStartup(Vertx vertx) {
    assertThrows(ConfigException.class, () -> Auth.create(vertx, new JsonObject()));
    assertThrows(ConfigException.class, () -> Auth.create(vertx, new JsonObject().put("SECRET_KEY", "short-key")));
    assertThrows(ConfigException.class, () -> Auth.create(vertx, new JsonObject().put("SECRET_KEY", "x".repeat(31))));
  }

  @Test
  void ownTokensCarryApiClaims(Vertx vertx) throws Exception {
    Auth auth = Auth.create(vertx, new JsonObject().put("SECRET_KEY", KEY));
    Principal p = verify(auth, "Bearer " + auth.userToken(7, "ann", "ann@example.com", List.of("customer")));
    assertEquals("7", p.subject());
    assertEquals(7L, p.userId());
    assertEquals("ann", p.username());
    assertTrue(p.has("customer"));
    Principal s = verify(auth, auth.serviceToken("order-service"));
    assertTrue(s.isService());
  }

  @Test
  void tokenFromAnotherKeyIs401(Vertx vertx) {
    Auth auth = Auth.create(vertx, new JsonObject().put("SECRET_KEY", KEY));
    Auth other = Auth.create(vertx, new JsonObject().put("SECRET_KEY", OTHER_KEY));
    assert401(auth, "Bearer " + other.userToken(7, "ann", "a@x.io", List.of("admin")));
  }

  @Test
  void expiredTokenIs401(Vertx vertx) {
    Auth auth = Auth.create(vertx, new JsonObject().put("SECRET_KEY", KEY));
    long past = System.currentTimeMillis() / 1000 - 3600;
    String token = raw(vertx, KEY).generateToken(new JsonObject().put("sub", "7").put("user_id", 7)
      .put("roles", new JsonArray().add("customer")).put("iat", past - 60).put("exp", past),
      new JWTOptions().setAlgorithm("HS256"));
    assert401(auth, "Bearer " + token);
  }

  @Test
  void tokenWithoutExpIs401(Vertx vertx) {
    Auth auth = Auth.create(vertx, new JsonObject().put("SECRET_KEY", KEY));
    String token = raw(vertx, KEY).generateToken(new JsonObject().put("sub", "7").put("user_id", 7)
      .put("roles", new JsonArray().add("admin")), new JWTOptions().setAlgorithm("HS256").setNoTimestamp(true));
    assert401(auth, "Bearer " + token);
  }

  @Test
  void algNoneIs401(Vertx vertx) {
    Auth auth = Auth.create(vertx, new JsonObject().put("SECRET_KEY", KEY));
    long exp = System.currentTimeMillis() / 1000 + 3600;
    String token = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "."
      + b64("{\"sub\":\"1\",\"user_id\":1,\"roles\":[\"admin\"],\"exp\":" + exp + "}") + ".";
    assert401(auth, "Bearer " + token);
  }

  @Test
  void garbageAndMissingHeadersAre401(Vertx vertx) {
    Auth auth = Auth.create(vertx, new JsonObject().put("SECRET_KEY", KEY));
    assert401(auth, null);
    assert401(auth, "Basic abc");
    assert401(auth, "Bearer not.a.token");
    assert401(auth, "Bearer ");
  }

  @Test
  void aRememberedTokenStillExpires(Vertx vertx) throws Exception {
    Auth auth = Auth.create(vertx, new JsonObject().put("SECRET_KEY", KEY));
    long exp = System.currentTimeMillis() / 1000 + 1;
    String token = raw(vertx, KEY).generateToken(new JsonObject().put("sub", "7").put("user_id", 7)
      .put("roles", new JsonArray().add("customer")).put("exp", exp), new JWTOptions().setAlgorithm("HS256"));
    assertEquals(7L, verify(auth, "Bearer " + token).userId());
    assertEquals(7L, verify(auth, "Bearer " + token).userId(), "the second check answers from memory");
    // past exp plus the 5 s clock-skew leeway, remembering it must not have made it last longer
    while (System.currentTimeMillis() < (exp + 5) * 1000 + 100) {
      Thread.sleep(100);
    }
    assert401(auth, "Bearer " + token);
  }

  @Test
  void aRememberedTokenDoesNotVouchForAnAlteredOne(Vertx vertx) throws Exception {
    Auth auth = Auth.create(vertx, new JsonObject().put("SECRET_KEY", KEY));
    String token = auth.userToken(7, "ann", "ann@example.com", List.of("customer"));
    verify(auth, "Bearer " + token);
    String[] parts = token.split("\\.");
    String forged = parts[0] + "." + b64(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
      .replace("\"customer\"", "\"admin\"")) + "." + parts[2];
    assert401(auth, "Bearer " + forged);
    assertTrue(verify(auth, "Bearer " + token).has("customer"));
  }

  @Test
  void manyTokensKeepTheMemoryBounded(Vertx vertx) throws Exception {
    Auth auth = Auth.create(vertx, new JsonObject().put("SECRET_KEY", KEY));
    for (int i = 0; i < Auth.VERIFIED_CACHE_SIZE + 10; i++) {
      verify(auth, "Bearer " + auth.userToken(i + 1, "u" + i, "u" + i + "@x.io", List.of("customer")));
    }
    assertTrue(auth.rememberedTokens() <= Auth.VERIFIED_CACHE_SIZE);
  }
}
