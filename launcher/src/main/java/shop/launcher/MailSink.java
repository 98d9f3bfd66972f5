package shop.launcher;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Arrays;
import java.util.Date;
import java.util.stream.Collectors;

/**
 * An SMTP server in the JVM (GreenMail) that keeps every email the notification service sends,
 * so the storefront's admin view can show them; nothing leaves the machine.
 */
public final class MailSink implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MailSink.class);
  static final int EXCERPT_CHARS = 280;

  private final GreenMail greenMail;

  private MailSink(GreenMail greenMail) {
    this.greenMail = greenMail;
  }

  public static MailSink start(int port) {
    GreenMail mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    try {
      mail.start();
    } catch (RuntimeException e) {
      throw new LaunchException("The embedded mail server did not start on port " + port + " (" + e.getMessage()
        + "); set " + LaunchSettings.SMTP_PORT + " to another port.", e);
    }
    int bound = mail.getSmtp().getPort();
    LOG.info("embedded SMTP server on 127.0.0.1:{}", bound);
    return new MailSink(mail);
  }

  public int port() {
    return greenMail.getSmtp().getPort();
  }

  /** The newest {@code limit} emails first, as {to, from, subject, date, excerpt}. Blocking: call on a worker. */
  public JsonArray recent(int limit) {
    MimeMessage[] all = greenMail.getReceivedMessages();
    JsonArray out = new JsonArray();
    for (int i = all.length - 1; i >= 0 && out.size() < limit; i--) {
      out.add(describe(all[i]));
    }
    return out;
  }

  public int count() {
    return greenMail.getReceivedMessages().length;
  }

  static JsonObject describe(MimeMessage m) {
    try {
      Date sent = m.getSentDate();
      return new JsonObject()
        .put("to", addresses(m.getRecipients(Message.RecipientType.TO)))
        .put("from", addresses(m.getFrom()))
        .put("subject", m.getSubject())
        .put("date", sent == null ? null : sent.toInstant().toString())
        .put("excerpt", excerpt(text(m)));
    } catch (MessagingException | IOException e) {
      LOG.warn("an email in the sink could not be read: {}", e.toString());
      return new JsonObject().put("subject", "(unreadable message)").put("excerpt", "");
    }
  }

  private static String addresses(Address[] list) {
    return list == null ? "" : Arrays.stream(list).map(Address::toString).collect(Collectors.joining(", "));
  }

  /** The plain-text part when there is one, else the HTML part with its tags removed. */
  static String text(Part part) throws MessagingException, IOException {
    if (part.isMimeType("text/plain")) {
      return String.valueOf(part.getContent());
    }
    if (part.isMimeType("text/html")) {
      return stripTags(String.valueOf(part.getContent()));
    }
    if (part.getContent() instanceof Multipart multi) {
      String html = null;
      for (int i = 0; i < multi.getCount(); i++) {
        BodyPart child = multi.getBodyPart(i);
        if (child.isMimeType("text/plain")) {
          return String.valueOf(child.getContent());
        }
        String nested = text(child);
        if (html == null && !nested.isBlank()) {
          html = nested;
        }
      }
      return html == null ? "" : html;
    }
    return "";
  }

  static String stripTags(String html) {
    return html.replaceAll("(?is)<(style|script)[^>]*>.*?</\\1>", " ")
      .replaceAll("<[^>]+>", " ")
      .replace("&nbsp;", " ").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
      .replace("&quot;", "\"").replace("&#39;", "'");
  }

  static String excerpt(String text) {
    String flat = text.replaceAll("\\s+", " ").trim();
    return flat.length() <= EXCERPT_CHARS ? flat : flat.substring(0, EXCERPT_CHARS - 1) + "…";
  }

  @Override
  public void close() {
    greenMail.stop();
    LOG.info("embedded SMTP server stopped");
  }
}
