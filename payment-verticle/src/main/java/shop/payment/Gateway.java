package shop.payment;

import shop.common.http.ApiError;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The deterministic test-card gateway: a number failing the Luhn check is refused (422), two
 * well-known numbers decline, every other valid card and every UPI or netbanking payment succeeds.
 */
final class Gateway {

  static final String DECLINED = "4000000000000002";
  static final String INSUFFICIENT_FUNDS = "4000000000009995";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** What the gateway answered; {@code transactionId} is null for a decline. */
  record Outcome(boolean approved, String transactionId, String errorCode, String cardBrand, String cardLastFour) {
  }

  Outcome charge(PaymentRequest req) {
    if (!PaymentRequest.CARD.equals(req.method())) {
      return new Outcome(true, transactionId(), null, null, null);
    }
    Card card = req.card();
    if (!Card.luhn(card.number())) {
      throw new ApiError(422, "invalid_card", "The card number is not valid");
    }
    String declined = switch (card.number()) {
      case DECLINED -> "card_declined";
      case INSUFFICIENT_FUNDS -> "insufficient_funds";
      default -> null;
    };
    return declined == null
      ? new Outcome(true, transactionId(), null, card.brand(), card.lastFour())
      : new Outcome(false, null, declined, card.brand(), card.lastFour());
  }

  static String transactionId() {
    return "TXN_" + random(10);
  }

  static String paymentId() {
    return "PAY_" + random(10);
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().withUpperCase().formatHex(b);
  }
}
