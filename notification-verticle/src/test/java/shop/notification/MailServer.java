package shop.notification;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;

/** A real SMTP server (GreenMail) on a free local port, and readers for the messages it took. */
final class MailServer implements AutoCloseable {

  private final int port;
  private GreenMailConfiguration users = GreenMailConfiguration.aConfig();
  private GreenMail greenMail;

  MailServer(int port) {
    this.port = port;
  }

  static MailServer started() {
    return new MailServer(freePort()).start();
  }

  /** A port nothing listens on right now: an SMTP server that is down. */
  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A login the server knows; AUTH with a wrong password is then refused (535). */
  MailServer withUser(String email, String login, String password) {
    users = users.withUser(email, login, password);
    return this;
  }

  MailServer start() {
    greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)).withConfiguration(users);
    greenMail.start();
    return this;
  }

  int port() {
    return port;
  }

  List<MimeMessage> messages() {
    return greenMail == null ? List.of() : Arrays.asList(greenMail.getReceivedMessages());
  }

  List<MimeMessage> messagesTo(String address) {
    return messages().stream().filter(m -> {
      try {
        return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().contains(address));
      } catch (MessagingException e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }

  @Override
  public void close() {
    if (greenMail != null) {
      greenMail.stop();
    }
  }

  static String part(MimeMessage m, String mimeType) {
    try {
      String found = find(m, mimeType);
      if (found == null) {
        throw new AssertionError("no " + mimeType + " part in " + m.getSubject());
      }
      return found;
    } catch (MessagingException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String find(Part p, String mimeType) throws MessagingException, IOException {
    if (p.isMimeType(mimeType)) {
      return p.getContent().toString();
    }
    if (p.isMimeType("multipart/*")) {
      Multipart mp = (Multipart) p.getContent();
      for (int i = 0; i < mp.getCount(); i++) {
        BodyPart b = mp.getBodyPart(i);
        String found = find(b, mimeType);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String header(MimeMessage m, String name) {
    try {
      return m.getHeader(name, null);
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }
}
