package shop.payment;

import io.micrometer.core.instrument.Counter;
import shop.common.http.Ops;

/** Business counters on {@code /metrics}: {@code shop_payments_total{outcome=…}}. */
final class PaymentCounters {

  private final Counter completed = counter(Payment.COMPLETED);
  private final Counter failed = counter(Payment.FAILED);
  private final Counter refunded = counter(Payment.REFUNDED);

  private static Counter counter(String outcome) {
    return Counter.builder("shop_payments_total").tag("outcome", outcome)
      .description("Payments by outcome").register(Ops.registry());
  }

  void paid(Payment p) {
    (p.completed() ? completed : failed).increment();
  }

  void refunded() {
    refunded.increment();
  }
}
