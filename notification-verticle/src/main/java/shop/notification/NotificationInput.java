package shop.notification;

import io.vertx.core.json.JsonObject;
import shop.common.http.Fields;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/** A checked {@code POST /notifications} body. */
record NotificationInput(String eventId, long userId, String category, String email, String title, String message,
                         JsonObject data) {

  static final List<String> CATEGORIES = List.of("user_registration", "order_created", "payment_confirmation",
    "payment_failed", "refund", "general");

  /** One address, nothing that could end a header or add a recipient. */
  private static final Pattern EMAIL = Pattern.compile("[^@\\s<>,;:\"()\\[\\]\\\\]+@[^@\\s<>,;:\"()\\[\\]\\\\]+\\.[^@\\s<>,;:\"()\\[\\]\\\\]+");
  private static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9._:@/+-]+");

  static NotificationInput from(JsonObject body) {
    Fields f = new Fields(body);
    String eventId = f.string("event_id", false, 1, 100);
    Long userId = f.id("user_id", true);
    String category = f.string("category", true, 1, 32);
    String email = email(f, "email");
    String title = f.string("title", false, 0, 255);
    String message = f.text("message", false, 0, 10_000);
    JsonObject data = f.object("data", false);
    if (eventId != null && !EVENT_ID.matcher(eventId).matches()) {
      f.error("event_id", "may hold letters, digits and . _ : @ / + - only");
    }
    if (category != null && !CATEGORIES.contains(category)) {
      f.error("category", "must be one of " + String.join(", ", CATEGORIES));
    }
    f.check();
    return new NotificationInput(eventId == null ? "gen-" + UUID.randomUUID() : eventId, userId, category, email,
      oneLine(title), message, data == null ? new JsonObject() : data);
  }

  static String email(Fields f, String name) {
    String email = f.string(name, false, 3, 254);
    if (email != null && !EMAIL.matcher(email).matches()) {
      f.error(name, "must be an email address");
      return null;
    }
    return email;
  }

  /** Subjects are one line: a newline in a header is how headers get injected. */
  static String oneLine(String s) {
    return s == null ? null : s.replaceAll("[\\r\\n\\t]+", " ").trim();
  }
}
