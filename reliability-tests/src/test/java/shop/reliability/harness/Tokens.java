package shop.reliability.harness;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * JWTs made by hand, as an attacker who has read API.md would make them: any header, any claims,
 * signed with the shop's key, another key, or not at all.
 */
public final class Tokens {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final byte[] key;

  public Tokens(String secretKey) {
    this.key = secretKey.getBytes(StandardCharsets.UTF_8);
  }

  public static long now() {
    return System.currentTimeMillis() / 1000;
  }

  /** A customer's claims as the user service issues them, valid for an hour. */
  public static JsonObject customer(long userId, String email) {
    return new JsonObject().put("sub", Long.toString(userId)).put("user_id", userId).put("username", "user" + userId)
      .put("email", email).put("roles", new JsonArray().add("customer")).put("iat", now()).put("exp", now() + 3600);
  }

  /** Signed with the shop's key (HS256 in the header unless it says otherwise). */
  public String signed(JsonObject header, JsonObject claims) {
    return hmac(header, claims, "HmacSHA256", key);
  }

  public String signed(JsonObject claims) {
    return signed(hs256(), claims);
  }

  public static JsonObject hs256() {
    return new JsonObject().put("alg", "HS256").put("typ", "JWT");
  }

  /** {@code header.claims.} with the MAC computed by {@code macAlgorithm} under {@code macKey}. */
  public static String hmac(JsonObject header, JsonObject claims, String macAlgorithm, byte[] macKey) {
    String signingInput = encode(header) + "." + encode(claims);
    try {
      Mac mac = Mac.getInstance(macAlgorithm);
      mac.init(new SecretKeySpec(macKey, macAlgorithm));
      return signingInput + "." + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code alg: none} and no signature at all. */
  public static String unsigned(JsonObject claims) {
    return encode(new JsonObject().put("alg", "none").put("typ", "JWT")) + "." + encode(claims) + ".";
  }

  public byte[] key() {
    return key.clone();
  }

  static String encode(JsonObject json) {
    return B64.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }
}
