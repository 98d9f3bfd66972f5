package shop.order;

import shop.common.value.Money;

import java.math.BigDecimal;
import java.util.List;

/** A reserved line as the product service priced it: what an order's items are stored from. */
record PricedLine(long productId, String name, BigDecimal unitPrice, String currency, int quantity) {

  BigDecimal total() {
    return Money.scale(unitPrice.multiply(BigDecimal.valueOf(quantity)));
  }

  /** The sum of the lines: the order's total. */
  static BigDecimal sum(List<PricedLine> lines) {
    return lines.stream().map(PricedLine::total).reduce(BigDecimal.ZERO, BigDecimal::add);
  }
}
