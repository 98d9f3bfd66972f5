package shop.payment;

import shop.common.ServiceMain;

/** {@code java -jar payment-verticle.jar}: the payment service on its own. */
public final class PaymentMain {

  private PaymentMain() {
  }

  public static void main(String[] args) {
    ServiceMain.run(PaymentConfig.NAME, PaymentVerticle::new);
  }
}
