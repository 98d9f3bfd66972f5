package shop.order;

import io.vertx.core.json.JsonObject;
import shop.common.config.Config;
import shop.common.config.ConfigException;
import shop.common.config.ServiceUrl;
import shop.common.db.DbConfig;
import shop.common.http.Outgoing;

/**
 * The order service's settings, from the keys compose and the README name. {@code name} is how it
 * introduces itself: in its logs, its service tokens and its outgoing calls.
 */
public record OrderConfig(String name, int port, DbConfig db, ServiceUrl productService, ServiceUrl notificationService,
                          ServiceUrl paymentService, String currency, long orderTtlSeconds, long sweepIntervalMs, long productTimeoutMs) {

  public static final String NAME = "order-service";

  public static OrderConfig from(JsonObject conf) {
    OrderConfig cfg = new OrderConfig(
      NAME,
      Config.integer(conf, "PORT", 5002),
      DbConfig.from(conf, "order_db"),
      Config.serviceUrl(conf, "PRODUCT_SERVICE_URL", "http://localhost:5000"),
      Config.serviceUrl(conf, "NOTIFICATION_SERVICE_URL", "http://localhost:5005"),
      Config.serviceUrl(conf, "PAYMENT_SERVICE_URL", "http://localhost:5003"),
      Config.string(conf, "SHOP_CURRENCY", "INR"),
      Config.longValue(conf, "ORDER_TTL_SECONDS", 900),
      Config.longValue(conf, "ORDER_SWEEP_MS", 5_000),
      Config.longValue(conf, "PRODUCT_TIMEOUT_MS", Outgoing.DEFAULT_TIMEOUT_MS));
    if (cfg.orderTtlSeconds < 1) {
      throw new ConfigException("ORDER_TTL_SECONDS must be at least 1");
    }
    if (cfg.productTimeoutMs < 1) {
      throw new ConfigException("PRODUCT_TIMEOUT_MS must be at least 1");
    }
    return cfg;
  }

  /**
   * How long a row may stay 'reserving' before the sweeper gives it up: well past the
   * reservation call's timeout, so only a crashed or lost checkout is ever taken over.
   */
  public long stuckReservingSeconds() {
    return Math.max(30, 3 * productTimeoutMs / 1000 + 5);
  }
}
