package shop.product;

import shop.common.ServiceMain;

/** {@code java -jar product-verticle.jar}: the product service on its own. */
public final class ProductMain {

  private ProductMain() {
  }

  public static void main(String[] args) {
    ServiceMain.run(ProductConfig.NAME, ProductVerticle::new);
  }
}
