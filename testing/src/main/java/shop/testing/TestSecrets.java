package shop.testing;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import shop.common.auth.Auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** Secrets made per test run, and tokens signed with them: no key is ever written in a test. */
public final class TestSecrets {

  private final String key;
  private final Auth auth;

  private static final SecureRandom RANDOM = new SecureRandom();

  public TestSecrets(Vertx vertx) {
    this.key = hex(32);
    this.auth = Auth.create(vertx, new JsonObject().put("SECRET_KEY", key));
  }

  public String key() {
    return key;
  }

  public JsonObject config() {
    return new JsonObject().put("SECRET_KEY", key);
  }

  public String admin() {
    return "Bearer " + auth.userToken(1_000_000, "admin", "admin@example.com", List.of("admin", "customer"));
  }

  public String customer(long userId) {
    return "Bearer " + auth.userToken(userId, "user" + userId, "user" + userId + "@example.com", List.of("customer"));
  }

  public String service() {
    return auth.serviceToken("test");
  }

  public Auth auth() {
    return auth;
  }

  /** "Bearer …" for {@code claims} signed with the key, exactly as given: tokens the services' own minting never makes. */
  public String signed(JsonObject claims) {
    return signed(claims.encode());
  }

  /** As {@link #signed(JsonObject)} for a payload written by hand (fractions, duplicate keys, …). */
  public String signed(String payloadJson) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String payload = b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] sig = mac.doFinal((header + "." + payload).getBytes(StandardCharsets.UTF_8));
      return "Bearer " + header + "." + payload + "." + b64.encodeToString(sig);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code bytes} random bytes as hex: fresh secrets, passwords and unique names. */
  public static String hex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
