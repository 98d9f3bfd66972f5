package shop.payment;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import shop.common.error.Invalid;
import shop.common.http.ApiError;
import shop.common.http.ErrorHandler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The test-card gateway and the request checks, without a server. */
class GatewayTest {

  private final Gateway gateway = new Gateway();

  private static PaymentRequest card(String number) {
    return PaymentRequest.parse(PaymentStack.card(1, number));
  }

  @Test
  void luhnAcceptsTheTestCardsAndRefusesATypo() {
    for (String n : new String[] {"4242424242424242", "4000000000000002", "4000000000009995", "5555555555554444",
      "378282246310005", "6521000000000007"}) {
      assertTrue(Card.luhn(n), n);
    }
    assertFalse(Card.luhn("4242424242424241"));
    ApiError e = ErrorHandler.toApiError(assertThrows(Invalid.class, () -> gateway.charge(card(PaymentStack.NOT_LUHN))));
    assertEquals(422, e.status());
    assertEquals("invalid_card", e.code());
  }

  @Test
  void twoNumbersDeclineAndEveryOtherValidCardSucceeds() {
    Charge ok = gateway.charge(card("4242-4242-4242-4242"));
    assertTrue(ok.approved());
    assertTrue(ok.transactionId().matches("TXN_[0-9A-F]{20}"));
    assertEquals("4242", ok.cardLastFour());
    Charge declined = gateway.charge(card(PaymentStack.DECLINED));
    assertFalse(declined.approved());
    assertEquals("card_declined", declined.errorCode());
    assertNull(declined.transactionId());
    assertEquals("insufficient_funds", gateway.charge(card(PaymentStack.NO_FUNDS)).errorCode());
  }

  @Test
  void theBrandComesFromTheNumberPrefix() {
    assertEquals("visa", Card.brand("4242424242424242"));
    assertEquals("mastercard", Card.brand("5555555555554444"));
    assertEquals("mastercard", Card.brand("2223003122003222"));
    assertEquals("amex", Card.brand("378282246310005"));
    assertEquals("rupay", Card.brand("6521000000000007"));
    assertEquals("other", Card.brand("3566002020360505"));
  }

  @Test
  void upiAndNetbankingAlwaysSucceedWithoutCardFields() {
    Charge upi = gateway.charge(PaymentRequest.parse(new JsonObject().put("order_id", 1).put("method", "upi")
      .put("upi_id", "buyer@okbank")));
    assertTrue(upi.approved());
    assertNull(upi.cardBrand());
    assertTrue(gateway.charge(PaymentRequest.parse(new JsonObject().put("order_id", 1)
      .put("payment_method", "netbanking"))).approved());
  }

  @Test
  void expiryMustBeMonthSlashYearAndNotPast() {
    assertEquals(java.time.YearMonth.of(2031, 4), Card.expiry("04/31"));
    assertEquals(java.time.YearMonth.of(2031, 4), Card.expiry("4/2031"));
    assertNull(Card.expiry("13/30"));
    assertNull(Card.expiry("0430"));
    assertTrue(Card.expired(java.time.YearMonth.of(2020, 1)));
  }

  @Test
  void theCardNeverShowsInText() {
    PaymentRequest req = card(PaymentStack.VISA);
    assertFalse(req.toString().contains("4242424242424242"), req.toString());
    assertFalse(req.toString().contains(PaymentStack.CVV), req.toString());
  }
}
