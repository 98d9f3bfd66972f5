package shop.testing.process;

import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** An SMTP sink's inbox (GreenMail standing in for Mailpit): what arrived for whom, and when, decoded. */
public final class MailBox {

  private final GreenMail mail;

  public MailBox(GreenMail mail) {
    this.mail = mail;
  }

  /** One received email: recipients, subject, its decoded text parts joined, and when the server took it. */
  public record Mail(List<String> to, String subject, String text, Instant received) {
  }

  public List<Mail> all() {
    List<Mail> out = new ArrayList<>();
    for (StoredMessage stored : mail.getManagers().getImapHostManager().getAllMessages()) {
      MimeMessage m = stored.getMimeMessage();
      try {
        out.add(new Mail(recipients(m), m.getSubject(), text(m), stored.getReceivedDate().toInstant()));
      } catch (MessagingException | IOException e) {
        throw new AssertionError("unreadable email", e);
      }
    }
    return out;
  }

  public List<Mail> to(String address) {
    return all().stream().filter(m -> m.to().stream().anyMatch(t -> t.contains(address))).toList();
  }

  /** Emails to {@code address} whose subject or text contains {@code marker}. */
  public List<Mail> about(String address, String marker) {
    return to(address).stream().filter(m -> m.text().contains(marker) || String.valueOf(m.subject()).contains(marker))
      .toList();
  }

  /** The recipients, or the raw To header when it is not a valid address list (a test may have sent one). */
  private static List<String> recipients(MimeMessage m) throws MessagingException {
    try {
      Address[] rcpt = m.getAllRecipients();
      return rcpt == null ? List.of() : Arrays.stream(rcpt).map(Address::toString).toList();
    } catch (AddressException e) {
      String raw = m.getHeader("To", ",");
      return raw == null ? List.of() : Arrays.stream(raw.split(",")).map(String::trim).toList();
    }
  }

  private static String text(Part p) throws MessagingException, IOException {
    Object content = p.getContent();
    if (content instanceof String s) {
      return s;
    }
    if (content instanceof Multipart mp) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < mp.getCount(); i++) {
        BodyPart part = mp.getBodyPart(i);
        sb.append(text(part)).append('\n');
      }
      return sb.toString();
    }
    return "";
  }
}
