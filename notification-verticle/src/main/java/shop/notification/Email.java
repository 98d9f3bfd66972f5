package shop.notification;

import java.util.List;

/**
 * What a template decided to say, as plain values. {@link EmailLayout} turns it into the HTML and
 * plain-text parts, escaping every value in one place.
 */
record Email(String subject, String heading, List<String> paragraphs, List<Detail> details) {

  record Detail(String label, String value) {
  }

  /** The rendered message: subject, HTML part and its plain-text alternative. */
  record Rendered(String subject, String html, String text) {
  }
}
