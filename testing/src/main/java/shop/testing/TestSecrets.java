package shop.testing;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import shop.common.auth.Auth;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/** Secrets made per test run, and tokens signed with them: no key is ever written in a test. */
public final class TestSecrets {

  private final String key;
  private final Auth auth;

  public TestSecrets(Vertx vertx) {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    this.key = HexFormat.of().formatHex(bytes);
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
}
