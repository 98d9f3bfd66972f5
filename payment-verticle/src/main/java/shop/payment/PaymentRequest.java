package shop.payment;

import io.vertx.core.json.JsonObject;
import shop.common.http.Fields;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.Locale;

/**
 * A checked {@code POST /payments} body. Accepts both spellings docs/api/payment.md lists
 * ({@code payment_method | method}, {@code card_details | card}); only the chosen method's
 * fields are required. Form errors are 400; the Luhn check is the gateway's (422).
 */
record PaymentRequest(long orderId, BigDecimal amount, String method, Card card) {

  static final String CARD = "card";
  static final String UPI = "upi";
  static final String NETBANKING = "netbanking";

  static PaymentRequest parse(JsonObject body) {
    Fields f = new Fields(body);
    Long orderId = f.id("order_id", true);
    BigDecimal amount = f.money("amount", false);
    String methodField = body.getValue("payment_method") != null ? "payment_method" : "method";
    String named = f.string(methodField, true, 1, 32);
    String method = normalise(named);
    if (named != null && method == null) {
      f.error(methodField, "must be card, upi or netbanking");
    }
    Card card = null;
    if (CARD.equals(method)) {
      card = card(f, body.getValue("card_details") != null ? "card_details" : "card");
    } else if (UPI.equals(method)) {
      // optional: the test gateway needs no UPI handle, but a wrong one is still a client error
      String upiId = f.string("upi_id", false, 3, 100);
      if (upiId != null && !upiId.matches("[A-Za-z0-9._-]+@[A-Za-z0-9.-]+")) {
        f.error("upi_id", "must look like name@bank");
      }
    }
    f.check();
    return new PaymentRequest(orderId, amount, method, card);
  }

  /** The three methods, plus the Flask-era spellings of a card payment. */
  private static String normalise(String raw) {
    if (raw == null) {
      return null;
    }
    return switch (raw.toLowerCase(Locale.ROOT)) {
      case "card", "credit_card", "debit_card" -> CARD;
      case "upi" -> UPI;
      case "netbanking", "net_banking" -> NETBANKING;
      default -> null;
    };
  }

  private static Card card(Fields f, String field) {
    JsonObject raw = f.object(field, true);
    if (raw == null) {
      return null;
    }
    String number = text(f, raw, field, "number", 40);
    String expiry = text(f, raw, field, "expiry", 10);
    String cvv = text(f, raw, field, "cvv", 10);
    String digits = number == null ? null : Card.digits(number);
    if (number != null && digits == null) {
      f.error(field + ".number", "must be 12 to 19 digits (spaces and dashes allowed)");
    }
    YearMonth month = expiry == null ? null : Card.expiry(expiry);
    if (expiry != null && month == null) {
      f.error(field + ".expiry", "must be MM/YY");
    } else if (month != null && Card.expired(month)) {
      f.error(field + ".expiry", "is in the past");
    }
    if (cvv != null && !cvv.matches("[0-9]{3,4}")) {
      f.error(field + ".cvv", "must be 3 or 4 digits");
    }
    return f.ok() ? new Card(digits, month, cvv) : null;
  }

  /** A required string inside the card object; errors are named {@code card.number} and so on. */
  private static String text(Fields f, JsonObject raw, String field, String name, int max) {
    Object v = raw.getValue(name);
    if (!(v instanceof String s) || s.isBlank()) {
      f.error(field + "." + name, v == null ? "is required" : "must be a non-empty string");
      return null;
    }
    if (s.length() > max) {
      f.error(field + "." + name, "must be at most " + max + " characters");
      return null;
    }
    return s.trim();
  }
}
