package shop.common.value;

import io.vertx.core.json.JsonObject;
import shop.common.error.Invalid;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/** Money is {@code BigDecimal} with two places inside, a JSON number like {@code 75000.0} outside. */
public final class Money {

  /** The largest amount a money column ({@code DECIMAL(12,2)}) holds: every amount and sum is checked against it. */
  public static final BigDecimal MAX = new BigDecimal("9999999999.99");
  /** The code of {@link #orderTotalTooLarge()}. */
  public static final String TOTAL_TOO_LARGE = "amount_too_large";

  private Money() {
  }

  public static BigDecimal scale(BigDecimal d) {
    return d.setScale(2, RoundingMode.HALF_EVEN);
  }

  /** A JSON number (or a numeric string) as a decimal, or null when it is not one. */
  public static BigDecimal parse(Object v) {
    if (v instanceof BigDecimal b) {
      return b;
    }
    if (v instanceof Integer || v instanceof Long) {
      return BigDecimal.valueOf(((Number) v).longValue());
    }
    if (v instanceof Number n) {
      double d = n.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        return null;
      }
      return new BigDecimal(n.toString());
    }
    if (v instanceof String s) {
      try {
        return new BigDecimal(s.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  /** As JSON: a number with its two places ({@code 49.99}, {@code 75000.0}). */
  public static double json(BigDecimal d) {
    return scale(d).doubleValue();
  }

  /** For people (emails, messages): the one format every text uses, {@code INR 75,000.00}. */
  public static String display(BigDecimal amount, String currency) {
    DecimalFormat f = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
    return currency.toUpperCase(Locale.ROOT) + " " + f.format(scale(amount));
  }

  /** An order whose total would not fit the money columns ({@code amount_too_large}, with the largest allowed). */
  public static Invalid orderTotalTooLarge() {
    return new Invalid(TOTAL_TOO_LARGE, "The order's total is more than the largest amount an order may have ("
      + MAX.toPlainString() + ")", new JsonObject().put("max", json(MAX)));
  }
}
