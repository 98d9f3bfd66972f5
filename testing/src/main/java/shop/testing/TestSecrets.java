package shop.testing;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import shop.common.auth.Auth;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/** A {@link TestKey} made per test run, and the shop's tokens signed with it: no key is ever written in a test. */
public final class TestSecrets {

  private final TestKey key = new TestKey();
  private final Auth auth;

  private static final SecureRandom RANDOM = new SecureRandom();

  public TestSecrets(Vertx vertx) {
    this.auth = Auth.create(vertx, key.config());
  }

  public String key() {
    return key.key();
  }

  public JsonObject config() {
    return key.config();
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

  /** See {@link TestKey#signed(JsonObject)}. */
  public String signed(JsonObject claims) {
    return key.signed(claims);
  }

  /** See {@link TestKey#signed(String)}. */
  public String signed(String payloadJson) {
    return key.signed(payloadJson);
  }

  /** {@code bytes} random bytes as hex: fresh secrets, passwords and unique names. */
  public static String hex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
