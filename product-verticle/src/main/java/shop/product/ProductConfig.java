package shop.product;

import io.vertx.core.json.JsonObject;
import shop.common.config.Config;
import shop.common.db.DbConfig;

/**
 * The product service's settings, from the keys compose and the README name. {@code name} is how it
 * introduces itself: in its logs and its service tokens.
 */
public record ProductConfig(String name, int port, DbConfig db, String currency, long reservationTtlSeconds,
                            long sweepIntervalMs, long listingCacheMs) {

  public static final String NAME = "product-service";

  public static ProductConfig from(JsonObject conf) {
    return new ProductConfig(
      NAME,
      Config.integer(conf, "PORT", 5000),
      DbConfig.from(conf, "product_db"),
      Config.string(conf, "SHOP_CURRENCY", "INR"),
      Config.longValue(conf, "RESERVATION_TTL_SECONDS", 960),
      Config.longValue(conf, "RESERVATION_SWEEP_MS", 10_000),
      // how stale a listing may be after another replica's write; 0 reads every listing from the database
      Config.longValue(conf, "LISTING_CACHE_MS", 500));
  }
}
