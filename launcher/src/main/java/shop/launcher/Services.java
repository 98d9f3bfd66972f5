package shop.launcher;

import io.vertx.core.Deployable;
import shop.product.ProductVerticle;

import java.util.List;
import java.util.function.Supplier;

/** The five services, in the order they are deployed; the API prefixes follow API.md's Edge section. */
public final class Services {

  public static final ServiceSpec PRODUCT = new ServiceSpec("product", "PRODUCT_PORT", 5000, "product_db",
    "PRODUCT_SERVICE_URL", List.of("products", "init-data"), ProductVerticle::new);
  public static final ServiceSpec USER = new ServiceSpec("user", "USER_PORT", 5001, "user_db",
    "USER_SERVICE_URL", List.of("register", "login", "profile", "users"), byName("shop.user.UserVerticle"));
  public static final ServiceSpec ORDER = new ServiceSpec("order", "ORDER_PORT", 5002, "order_db",
    "ORDER_SERVICE_URL", List.of("orders"), byName("shop.order.OrderVerticle"));
  public static final ServiceSpec PAYMENT = new ServiceSpec("payment", "PAYMENT_PORT", 5003, "payment_db",
    "PAYMENT_SERVICE_URL", List.of("payments"), byName("shop.payment.PaymentVerticle"));
  public static final ServiceSpec NOTIFICATION = new ServiceSpec("notification", "NOTIFICATION_PORT", 5005,
    "notification_db", "NOTIFICATION_SERVICE_URL", List.of("notifications", "test-email"),
    byName("shop.notification.NotificationVerticle"));

  public static final List<ServiceSpec> ALL = List.of(PRODUCT, USER, NOTIFICATION, PAYMENT, ORDER);

  private Services() {
  }

  /** A verticle still being written by another module: null while its class is absent. */
  private static Supplier<Deployable> byName(String className) {
    return () -> {
      try {
        return (Deployable) Class.forName(className).getDeclaredConstructor().newInstance();
      } catch (ClassNotFoundException absent) {
        return null;
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot create " + className, e);
      }
    };
  }
}
