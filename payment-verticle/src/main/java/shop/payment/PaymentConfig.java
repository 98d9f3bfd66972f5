package shop.payment;

import io.vertx.core.json.JsonObject;
import shop.common.config.Config;
import shop.common.config.ServiceUrl;
import shop.common.db.DbConfig;

/** The payment service's settings, from the keys compose and the README name. */
record PaymentConfig(int port, DbConfig db, ServiceUrl orderService, ServiceUrl notificationService,
                     long orderTimeoutMs) {

  static PaymentConfig from(JsonObject conf) {
    return new PaymentConfig(
      Config.integer(conf, "PORT", 5003),
      DbConfig.from(conf, "payment_db"),
      Config.serviceUrl(conf, "ORDER_SERVICE_URL", "http://localhost:5002"),
      Config.serviceUrl(conf, "NOTIFICATION_SERVICE_URL", "http://localhost:5005"),
      Config.longValue(conf, "ORDER_SERVICE_TIMEOUT_MS", 3_000));
  }
}
