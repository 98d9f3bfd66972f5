package shop.notification;

import io.vertx.core.Future;
import shop.common.delivery.Attempt;
import shop.common.delivery.Outcome;
import shop.common.delivery.Sender;

import java.util.Map;

/**
 * One attempt at a notification: the recipient (looked up at the user service when the sender gave
 * none), the template for its category, then the {@link Mailer} (SMTP, or the log with real sending
 * off). An unknown user is a failure no retry can help.
 */
final class EmailSender implements Sender<Notification> {

  private final Mailer mailer;
  private final EmailTemplates templates;
  private final UserDirectory users;

  EmailSender(Mailer mailer, EmailTemplates templates, UserDirectory users) {
    this.mailer = mailer;
    this.templates = templates;
    this.users = users;
  }

  @Override
  public Future<Attempt<Notification>> send(Notification n) {
    Future<String> recipient = n.recipient() != null ? Future.succeededFuture(n.recipient()) : users.email(n.userId());
    return recipient.transform(found -> {
      if (found.failed()) {
        return attempt(n, found.cause());
      }
      Notification addressed = n.withRecipient(found.result());
      return mailer.deliver(addressed.recipient(), templates.render(n.category(), n.title(), n.message(), n.data()),
          Map.of("X-Shop-Notification-Id", Long.toString(n.id()), "X-Shop-Event-Id", n.eventId()))
        .transform(sent -> sent.succeeded()
          ? Future.succeededFuture(new Attempt<>(addressed, Outcome.delivered(status(sent.result()), null)))
          : attempt(addressed, sent.cause()));
    });
  }

  private static Future<Attempt<Notification>> attempt(Notification n, Throwable err) {
    String error = Outcome.describe(err);
    return Future.succeededFuture(new Attempt<>(n, err instanceof UserDirectory.NoRecipient
      ? Outcome.refused(error, null) : Outcome.failed(error, null)));
  }

  private static String status(Mailer.Outcome outcome) {
    return outcome == Mailer.Outcome.SENT ? Notification.SENT : Notification.LOGGED;
  }
}
