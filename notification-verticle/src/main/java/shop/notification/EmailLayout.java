package shop.notification;

/** Renders an {@link Email} as HTML (every value escaped) and as plain text. */
final class EmailLayout {

  private EmailLayout() {
  }

  static Email.Rendered render(Email email, String shopName) {
    return new Email.Rendered(email.subject(), html(email, shopName), text(email, shopName));
  }

  static String html(Email email, String shopName) {
    StringBuilder h = new StringBuilder(1024)
      .append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").append(escape(email.subject()))
      .append("</title></head><body style=\"font-family:Arial,Helvetica,sans-serif;color:#222;max-width:600px\">")
      .append("<h2>").append(escape(email.heading())).append("</h2>");
    for (String p : email.paragraphs()) {
      h.append("<p>").append(escape(p)).append("</p>");
    }
    if (!email.details().isEmpty()) {
      h.append("<table style=\"border-collapse:collapse\">");
      for (Email.Detail d : email.details()) {
        h.append("<tr><th style=\"text-align:left;padding:4px 12px 4px 0\">").append(escape(d.label()))
          .append("</th><td style=\"padding:4px 0\">").append(escape(d.value())).append("</td></tr>");
      }
      h.append("</table>");
    }
    return h.append("<p style=\"color:#777;font-size:12px\">").append(escape(shopName))
      .append("</p></body></html>").toString();
  }

  static String text(Email email, String shopName) {
    StringBuilder t = new StringBuilder(512).append(email.heading()).append("\n\n");
    for (String p : email.paragraphs()) {
      t.append(p).append("\n\n");
    }
    for (Email.Detail d : email.details()) {
      t.append(d.label()).append(": ").append(d.value()).append('\n');
    }
    return t.append(email.details().isEmpty() ? "" : "\n").append("-- \n").append(shopName).append('\n').toString();
  }

  /** HTML-escapes text for element content and quoted attribute values. */
  static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
