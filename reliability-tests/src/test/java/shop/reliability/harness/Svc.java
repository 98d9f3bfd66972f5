package shop.reliability.harness;

/** The five services, by the names the compose file gives them. */
public enum Svc {
  PRODUCT("product-service", "product_db"),
  USER("user-service", "user_db"),
  ORDER("order-service", "order_db"),
  PAYMENT("payment-service", "payment_db"),
  NOTIFICATION("notification-service", "notification_db");

  private final String compose;
  private final String database;

  Svc(String compose, String database) {
    this.compose = compose;
    this.database = database;
  }

  public String compose() {
    return compose;
  }

  public String database() {
    return database;
  }

  static Svc ofCompose(String name) {
    for (Svc s : values()) {
      if (s.compose.equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("no service " + name);
  }
}
