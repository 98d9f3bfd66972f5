package shop.notification;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shop.common.tracing.Spans;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Sends a rendered email through SMTP with vertx-mail-client, or, with real sending off, writes it
 * to the log. One pooled client per verticle instance, so its connections stay on that event loop.
 */
final class Mailer {

  private static final Logger LOG = LoggerFactory.getLogger(Mailer.class);

  /** How a delivery ended; failures are failed futures. */
  enum Outcome { SENT, LOGGED }

  private final NotificationConfig.Smtp smtp;
  private final MailClient client;

  Mailer(Vertx vertx, NotificationConfig.Smtp smtp) {
    this.smtp = smtp;
    this.client = smtp.realSending() ? MailClient.create(vertx, mailConfig(smtp)) : null;
  }

  static MailConfig mailConfig(NotificationConfig.Smtp smtp) {
    MailConfig c = new MailConfig()
      .setHostname(smtp.host())
      .setPort(smtp.port())
      .setStarttls(smtp.starttls())
      .setSsl(smtp.ssl())
      .setMaxPoolSize(4)
      .setKeepAlive(true)
      .setKeepAliveTimeout(30)
      .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, smtp.timeoutMs()))
      .setIdleTimeout((int) Math.max(1, smtp.timeoutMs() / 1000))
      .setIdleTimeoutUnit(TimeUnit.SECONDS);
    if (smtp.login()) {
      c.setLogin(LoginOption.REQUIRED).setUsername(smtp.user()).setPassword(smtp.password());
    } else {
      c.setLogin(LoginOption.DISABLED);
    }
    return c;
  }

  Future<Outcome> deliver(String to, Email.Rendered email, Map<String, String> headers) {
    if (!smtp.realSending()) {
      // one line per email; the body only at DEBUG (LOG_LEVEL=DEBUG): under load it was most of the log
      LOG.info("email not sent (ENABLE_REAL_EMAIL_SENDING is off) to={} subject=\"{}\"", to, email.subject());
      LOG.debug("email to {} reads:\n{}", to, email.text());
      return Future.succeededFuture(Outcome.LOGGED);
    }
    MailMessage m = new MailMessage()
      .setFrom(smtp.from())
      .setTo(to)
      .setSubject(email.subject())
      .setText(email.text())
      .setHtml(email.html());
    headers.forEach(m::addHeader);
    // vertx-mail-client has no tracing of its own: the SMTP conversation is a CLIENT span of the attempt
    return Spans.calling("smtp send", Map.of("server.address", smtp.host(), "server.port", Integer.toString(smtp.port()),
        "network.protocol.name", "smtp"), () -> client.sendMail(m).timeout(smtp.timeoutMs(), TimeUnit.MILLISECONDS))
      .map(Outcome.SENT);
  }

  boolean realSending() {
    return smtp.realSending();
  }

  Future<Void> close() {
    return client == null ? Future.succeededFuture() : client.close();
  }

  /** A failure as one short line for the log and the API: never a stack trace (the delivery engine's wording). */
  static String describe(Throwable err) {
    return shop.common.delivery.Outcome.describe(err);
  }
}
