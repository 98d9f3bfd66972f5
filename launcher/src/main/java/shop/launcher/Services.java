package shop.launcher;

import shop.notification.NotificationVerticle;
import shop.order.OrderVerticle;
import shop.payment.PaymentVerticle;
import shop.product.ProductVerticle;
import shop.user.UserVerticle;

import java.util.List;

/**
 * The five services, in the order they are deployed (those others call first); the API prefixes
 * follow API.md's Edge section, so {@code reservations} is deliberately absent.
 */
public final class Services {

  public static final ServiceSpec PRODUCT = new ServiceSpec("product", "PRODUCT_PORT", 5000, "product_db",
    "PRODUCT_SERVICE_URL", List.of("products", "init-data"), ProductVerticle::new);
  public static final ServiceSpec USER = new ServiceSpec("user", "USER_PORT", 5001, "user_db",
    "USER_SERVICE_URL", List.of("register", "login", "profile", "users"), UserVerticle::new);
  public static final ServiceSpec ORDER = new ServiceSpec("order", "ORDER_PORT", 5002, "order_db",
    "ORDER_SERVICE_URL", List.of("orders"), OrderVerticle::new);
  public static final ServiceSpec PAYMENT = new ServiceSpec("payment", "PAYMENT_PORT", 5003, "payment_db",
    "PAYMENT_SERVICE_URL", List.of("payments"), PaymentVerticle::new);
  public static final ServiceSpec NOTIFICATION = new ServiceSpec("notification", "NOTIFICATION_PORT", 5005,
    "notification_db", "NOTIFICATION_SERVICE_URL", List.of("notifications", "test-email"),
    NotificationVerticle::new);

  public static final List<ServiceSpec> ALL = List.of(PRODUCT, NOTIFICATION, USER, ORDER, PAYMENT);

  private Services() {
  }
}
