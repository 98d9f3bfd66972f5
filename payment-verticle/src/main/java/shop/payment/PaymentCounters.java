package shop.payment;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Business counters on {@code /metrics}: {@code shop_payments_total{outcome=…}}. */
final class PaymentCounters {

  private final Counter completed;
  private final Counter failed;
  private final Counter refunded;

  PaymentCounters(MeterRegistry metrics) {
    this.completed = counter(metrics, Payment.COMPLETED);
    this.failed = counter(metrics, Payment.FAILED);
    this.refunded = counter(metrics, Payment.REFUNDED);
  }

  private static Counter counter(MeterRegistry metrics, String outcome) {
    return Counter.builder("shop_payments_total").tag("outcome", outcome)
      .description("Payments by outcome").register(metrics);
  }

  void paid(Payment p) {
    (p.completed() ? completed : failed).increment();
  }

  void refunded() {
    refunded.increment();
  }
}
