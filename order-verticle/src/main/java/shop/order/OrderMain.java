package shop.order;

import shop.common.ServiceMain;

/** {@code java -jar order-verticle.jar}: the order service on its own. */
public final class OrderMain {

  private OrderMain() {
  }

  public static void main(String[] args) {
    ServiceMain.run(OrderConfig.NAME, OrderVerticle::new);
  }
}
