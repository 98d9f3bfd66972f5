package shop.payment;

import io.vertx.core.json.JsonObject;
import shop.common.idempotency.Idempotency;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * The request body as the idempotency store may see it: the card object replaced by an HMAC
 * keyed with {@code SECRET_KEY}. A plain SHA-256 of a body holding a card number could be
 * brute-forced (the number space of one card range is small); a keyed one cannot. The card is
 * keyed in its canonical form, so its fields' order does not make another request.
 */
final class CardFingerprint {

  private final SecretKeySpec key;

  CardFingerprint(String secret) {
    this.key = new SecretKeySpec(("card-fingerprint:" + secret).getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  JsonObject withoutCard(JsonObject body) {
    JsonObject copy = body.copy();
    for (String field : new String[] {"card_details", "card"}) {
      Object card = copy.getValue(field);
      if (card != null) {
        copy.put(field, "hmac:" + hmac(Idempotency.canonical(card)));
      }
    }
    return copy;
  }

  private String hmac(String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
