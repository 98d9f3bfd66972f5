package shop.payment;

import shop.common.error.Invalid;

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

  Charge charge(PaymentRequest req) {
    if (!PaymentRequest.CARD.equals(req.method())) {
      return new Charge(true, transactionId(), null, null, null);
    }
    Card card = req.card();
    if (!Card.luhn(card.number())) {
      throw new Invalid("invalid_card", "The card number is not valid");
    }
    String declined = switch (card.number()) {
      case DECLINED -> "card_declined";
      case INSUFFICIENT_FUNDS -> "insufficient_funds";
      default -> null;
    };
    return declined == null
      ? new Charge(true, transactionId(), null, card.brand(), card.lastFour())
      : new Charge(false, null, declined, card.brand(), card.lastFour());
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
