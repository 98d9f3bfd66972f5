package shop.payment;

import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * A card as the customer typed it, already checked for form (digits, expiry, CVV). Lives only for
 * one request: {@link #toString()} never shows the number or CVV, and only brand and last four
 * are ever stored.
 */
record Card(String number, YearMonth expiry, String cvv) {

  /** The number with spaces and dashes removed, or null when anything else is in it. */
  static String digits(String raw) {
    String d = raw.replace(" ", "").replace("-", "");
    return d.matches("[0-9]{12,19}") ? d : null;
  }

  /** {@code MM/YY} (or {@code MM/YYYY}); null when malformed. */
  static YearMonth expiry(String raw) {
    String[] parts = raw.trim().split("/");
    if (parts.length != 2 || !parts[0].trim().matches("[0-9]{1,2}") || !parts[1].trim().matches("[0-9]{2}|[0-9]{4}")) {
      return null;
    }
    int month = Integer.parseInt(parts[0].trim());
    int year = Integer.parseInt(parts[1].trim());
    if (month < 1 || month > 12) {
      return null;
    }
    return YearMonth.of(year < 100 ? 2000 + year : year, month);
  }

  static boolean expired(YearMonth expiry) {
    return expiry.isBefore(YearMonth.now(ZoneOffset.UTC));
  }

  static boolean luhn(String digits) {
    int sum = 0;
    boolean twice = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (twice) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      twice = !twice;
    }
    return sum % 10 == 0;
  }

  /** The network from the number's prefix. */
  static String brand(String digits) {
    int two = Integer.parseInt(digits.substring(0, 2));
    int four = Integer.parseInt(digits.substring(0, 4));
    if (digits.startsWith("4")) {
      return "visa";
    }
    if (two == 34 || two == 37) {
      return "amex";
    }
    if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) {
      return "mastercard";
    }
    if (two == 60 || two == 65 || two == 81 || two == 82 || digits.startsWith("508")) {
      return "rupay";
    }
    return "other";
  }

  String brand() {
    return brand(number);
  }

  String lastFour() {
    return number.substring(number.length() - 4);
  }

  @Override
  public String toString() {
    return "Card[" + brand() + " ****" + lastFour() + "]";
  }
}
