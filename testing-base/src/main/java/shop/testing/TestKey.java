package shop.testing;

import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** A {@code SECRET_KEY} made per test run, and tokens signed with it exactly as given: no key is ever written in a test. */
public final class TestKey {

  private final String key;

  public TestKey() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    this.key = HexFormat.of().formatHex(bytes);
  }

  public String key() {
    return key;
  }

  /** {@code SECRET_KEY}: what a service is configured with. */
  public JsonObject config() {
    return new JsonObject().put("SECRET_KEY", key);
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
}
