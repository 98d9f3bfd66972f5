package shop.notification;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.StartTLSOptions;
import shop.common.config.Config;
import shop.common.config.ConfigException;
import shop.common.config.ServiceUrl;
import shop.common.db.DbConfig;
import shop.common.delivery.Backoff;
import shop.common.delivery.DeliveryOptions;

/**
 * The notification service's settings, from the keys compose and the README name. {@code name} is how
 * it introduces itself: in its logs, its service tokens and its outgoing calls.
 */
public record NotificationConfig(String name, int port, DbConfig db, Smtp smtp, Delivery delivery, String currency,
                                 ServiceUrl userService) {

  /** Where and how mail goes out. {@code realSending=false} writes each email to the log instead. */
  public record Smtp(boolean realSending, String host, int port, String user, String password,
                     StartTLSOptions starttls, boolean ssl, String fromEmail, String fromName, long timeoutMs) {

    boolean login() {
      return user != null && password != null;
    }

    /** {@code "Shop <noreply@shop.local>"}, with the characters that would break the header removed. */
    String from() {
      String name = fromName.replaceAll("[\"<>\\r\\n\\\\]", "").trim();
      return name.isEmpty() ? fromEmail : name + " <" + fromEmail + ">";
    }
  }

  /**
   * Retry policy and the dispatcher's rhythm. A claim lasts {@code claimMs} and is renewed every
   * third of it while its rows are being sent, so a slow send keeps it and a dead instance's claim
   * runs out after at most {@code claimMs}. Group commit: concurrent posts are stored, and emails
   * whose attempts end together are settled, in groups of up to {@code groupSize}, collected for at
   * most {@code groupMs} (0: no waiting, only what arrives in the same event-loop task).
   */
  public record Delivery(int maxAttempts, long backoffBaseMs, long backoffMaxMs, long pollMs, int batchSize,
                         long claimMs, long groupMs, int groupSize) {

    /**
     * The engine's options: each email handed to its settle group the moment the SMTP server answers,
     * since a resend cannot be recognised by the mail server.
     */
    DeliveryOptions options() {
      return new DeliveryOptions(pollMs, batchSize, claimMs, new Backoff(backoffBaseMs, backoffMaxMs), maxAttempts,
        true, groupSize, groupMs);
    }
  }

  /** The longest a post or a settle waits for others to join its group. */
  static final long MAX_GROUP_MS = 1_000;

  /** Below this a busy database or event loop could let a live claim run out between renewals. */
  static final long MIN_CLAIM_MS = 1_000;

  public static final String NAME = "notification-service";

  public static NotificationConfig from(JsonObject conf) {
    long timeoutMs = Config.longValue(conf, "SMTP_TIMEOUT_MS", 20_000);
    Smtp smtp = new Smtp(
      Config.bool(conf, "ENABLE_REAL_EMAIL_SENDING", false),
      Config.string(conf, "SMTP_SERVER", "localhost"),
      Config.integer(conf, "SMTP_PORT", 1025),
      Config.string(conf, "EMAIL_USER", null),
      Config.string(conf, "EMAIL_PASSWORD", null),
      starttls(Config.string(conf, "SMTP_STARTTLS", "optional")),
      Config.bool(conf, "SMTP_SSL", false),
      Config.string(conf, "FROM_EMAIL", "noreply@shop.local"),
      Config.string(conf, "FROM_NAME", "Shop"),
      timeoutMs);
    Delivery delivery = new Delivery(
      positive(conf, "NOTIFICATION_MAX_ATTEMPTS", 6),
      Config.longValue(conf, "NOTIFICATION_BACKOFF_BASE_MS", 10_000),
      Config.longValue(conf, "NOTIFICATION_BACKOFF_MAX_MS", 15 * 60_000),
      Config.longValue(conf, "NOTIFICATION_POLL_MS", 2_000),
      positive(conf, "NOTIFICATION_BATCH_SIZE", 20),
      // short: it is how long a killed instance's rows wait; renewals cover a slow send
      Config.longValue(conf, "NOTIFICATION_CLAIM_MS", 10_000),
      Config.longValue(conf, "NOTIFICATION_GROUP_MS", 5),
      positive(conf, "NOTIFICATION_GROUP_SIZE", 50));
    if (delivery.groupMs() < 0 || delivery.groupMs() > MAX_GROUP_MS) {
      throw new ConfigException("NOTIFICATION_GROUP_MS must be between 0 and " + MAX_GROUP_MS + ", got "
        + delivery.groupMs());
    }
    if (delivery.claimMs() < MIN_CLAIM_MS) {
      throw new ConfigException("NOTIFICATION_CLAIM_MS must be at least " + MIN_CLAIM_MS);
    }
    return new NotificationConfig(
      NAME,
      Config.integer(conf, "PORT", 5005),
      DbConfig.from(conf, "notification_db"),
      smtp,
      delivery,
      Config.string(conf, "SHOP_CURRENCY", "INR"),
      Config.serviceUrl(conf, "USER_SERVICE_URL", "http://localhost:5001"));
  }

  private static int positive(JsonObject conf, String key, int def) {
    int v = Config.integer(conf, key, def);
    if (v < 1) {
      throw new ConfigException(key + " must be at least 1");
    }
    return v;
  }

  private static StartTLSOptions starttls(String v) {
    return switch (v.toLowerCase()) {
      case "optional" -> StartTLSOptions.OPTIONAL;
      case "required" -> StartTLSOptions.REQUIRED;
      case "disabled", "false", "off" -> StartTLSOptions.DISABLED;
      default -> throw new ConfigException("SMTP_STARTTLS must be optional, required or disabled, got '" + v + "'");
    };
  }
}
