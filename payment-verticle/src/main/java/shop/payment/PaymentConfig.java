package shop.payment;

import io.vertx.core.json.JsonObject;
import shop.common.config.Config;
import shop.common.config.ServiceUrl;
import shop.common.db.DbConfig;

/**
 * The payment service's settings, from the keys compose and the README name. {@code name} is how it
 * introduces itself: in its logs, its service tokens and its outgoing calls.
 */
record PaymentConfig(String name, int port, DbConfig db, ServiceUrl orderService, ServiceUrl notificationService,
                     long orderTimeoutMs) {

  static final String NAME = "payment-service";

  static PaymentConfig from(JsonObject conf) {
    return new PaymentConfig(
      NAME,
      Config.integer(conf, "PORT", 5003),
      DbConfig.from(conf, "payment_db"),
      Config.serviceUrl(conf, "ORDER_SERVICE_URL", "http://localhost:5002"),
      Config.serviceUrl(conf, "NOTIFICATION_SERVICE_URL", "http://localhost:5005"),
      Config.longValue(conf, "ORDER_SERVICE_TIMEOUT_MS", 3_000));
  }
}
