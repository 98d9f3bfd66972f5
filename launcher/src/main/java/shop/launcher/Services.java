package shop.launcher;

import shop.notification.NotificationMain;
import shop.notification.NotificationVerticle;
import shop.order.OrderMain;
import shop.order.OrderVerticle;
import shop.payment.PaymentMain;
import shop.payment.PaymentVerticle;
import shop.product.ProductMain;
import shop.product.ProductVerticle;
import shop.user.UserMain;
import shop.user.UserVerticle;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The five services, in the order they are deployed (those others call first); the API prefixes
 * follow API.md's Edge section, so {@code reservations} is deliberately absent.
 */
public final class Services {

  public static final ServiceSpec PRODUCT = new ServiceSpec("product", "PRODUCT_PORT", 5000, "product_db",
    "PRODUCT_SERVICE_URL", List.of("products", "init-data"), ProductVerticle::new, ProductMain.class);
  public static final ServiceSpec USER = new ServiceSpec("user", "USER_PORT", 5001, "user_db",
    "USER_SERVICE_URL", List.of("register", "login", "profile", "users"), UserVerticle::new, UserMain.class);
  public static final ServiceSpec ORDER = new ServiceSpec("order", "ORDER_PORT", 5002, "order_db",
    "ORDER_SERVICE_URL", List.of("orders"), OrderVerticle::new, OrderMain.class);
  public static final ServiceSpec PAYMENT = new ServiceSpec("payment", "PAYMENT_PORT", 5003, "payment_db",
    "PAYMENT_SERVICE_URL", List.of("payments"), PaymentVerticle::new, PaymentMain.class);
  public static final ServiceSpec NOTIFICATION = new ServiceSpec("notification", "NOTIFICATION_PORT", 5005,
    "notification_db", "NOTIFICATION_SERVICE_URL", List.of("notifications", "test-email"),
    NotificationVerticle::new, NotificationMain.class);

  public static final List<ServiceSpec> ALL = List.of(PRODUCT, NOTIFICATION, USER, ORDER, PAYMENT);

  private Services() {
  }

  /** {@code order} or {@code order-service}, in any case. */
  public static Optional<ServiceSpec> byName(String name) {
    String n = name.trim().toLowerCase().replaceFirst("-service$", "");
    return ALL.stream().filter(s -> s.name().equals(n)).findFirst();
  }

  static String names() {
    return ALL.stream().map(ServiceSpec::name).collect(Collectors.joining(", "));
  }
}
