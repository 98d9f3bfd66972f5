package shop.notification;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import shop.common.value.Money;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * One template per category. Values come from the notification's {@code data} (order_id, amount,
 * currency, payment_id, error_code, username, …) and its title/message; escaping is the layout's job.
 */
final class EmailTemplates {

  private final String shopName;
  private final String defaultCurrency;

  EmailTemplates(String shopName, String defaultCurrency) {
    this.shopName = shopName;
    this.defaultCurrency = defaultCurrency;
  }

  Email.Rendered render(String category, String title, String message, JsonObject data) {
    return EmailLayout.render(compose(category, title, message, data), shopName);
  }

  Email compose(String category, String title, String message, JsonObject data) {
    Values v = new Values(data);
    // a template states the facts from data itself; the sender's message only stands in when data has none,
    // so an email never says the same thing twice in two wordings or two money formats
    String extra = data.isEmpty() ? message : null;
    return switch (category) {
      case "user_registration" -> welcome(v, extra);
      case "order_created" -> orderCreated(v, extra);
      case "payment_confirmation" -> paymentConfirmed(v, extra);
      case "payment_failed" -> paymentFailed(v);
      case "refund" -> refund(v, extra);
      default -> general(title, message);
    };
  }

  /** The title stored for a notification that came without one (a declined payment always gets its own). */
  String title(String category, String given, JsonObject data) {
    if (given != null && !given.isBlank() && !category.equals("payment_failed")) {
      return given;
    }
    return compose(category, given, null, data).subject();
  }

  private Email welcome(Values v, String message) {
    String user = v.text("username", "name", "first_name");
    List<String> p = paragraphs("Your " + shopName + " account is ready. You can now browse the catalog, place orders "
      + "and follow them from your account.", message);
    return new Email(user == null ? "Welcome to " + shopName + "!" : "Welcome to " + shopName + ", " + user + "!",
      "Welcome" + (user == null ? "" : ", " + user) + "!", p, details("Username", user, "Email", v.text("email")));
  }

  // The paragraphs say what happened; the order, amounts and ids are stated once, in the details below them.
  private Email orderCreated(Values v, String message) {
    String order = v.orderRef();
    List<String> p = paragraphs(v.greeting() + ", we received your order and are holding the items for you. "
      + "Complete the payment to confirm it.", message);
    List<Email.Detail> d = details("Order", order, "Items", v.items(), "Total", v.amount(defaultCurrency));
    return new Email(order == null ? "We received your order" : "Order " + order + " received",
      "Thank you for your order", p, d);
  }

  private Email paymentConfirmed(Values v, String message) {
    String order = v.orderRef();
    List<String> p = paragraphs(v.greeting() + ", we received your payment. Your order is confirmed.", message);
    return new Email(order == null ? "Payment received" : "Payment received for order " + order, "Payment received", p,
      details("Order", order, "Amount", v.amount(defaultCurrency), "Payment id", v.text("payment_id"),
        "Transaction id", v.text("transaction_id"), "Method", v.text("payment_method", "method")));
  }

  /** Says it was declined and why; deliberately ignores the sender's title and message. */
  private Email paymentFailed(Values v) {
    String order = v.orderRef();
    List<String> p = paragraphs(v.greeting() + ", your payment was declined: " + v.declineReason() + ".",
      "No money was taken. Your order is still waiting for payment: you can try again with another card or method.");
    return new Email(order == null ? "Payment failed" : "Payment failed for order " + order,
      "Your payment was declined", p, details("Order", order, "Amount", v.amount(defaultCurrency),
        "Payment id", v.text("payment_id")));
  }

  private Email refund(Values v, String message) {
    String order = v.orderRef();
    String reason = v.text("reason", "refund_reason");
    List<String> p = paragraphs(v.greeting() + ", we refunded your payment to your original payment method.",
      reason == null ? null : "Reason: " + reason, message);
    return new Email(order == null ? "Your refund" : "Refund for order " + order, "Your refund is on its way", p,
      details("Order", order, "Amount", v.amount(defaultCurrency), "Payment id", v.text("payment_id")));
  }

  private Email general(String title, String message) {
    String subject = title == null || title.isBlank() ? "A message from " + shopName : title;
    return new Email(subject, subject, paragraphs(message), List.of());
  }

  private static List<String> paragraphs(String... texts) {
    List<String> out = new ArrayList<>();
    for (String t : texts) {
      if (t != null && !t.isBlank()) {
        out.add(t.trim());
      }
    }
    return out;
  }

  /** Label/value pairs; pairs without a value are left out. */
  private static List<Email.Detail> details(String... pairs) {
    List<Email.Detail> out = new ArrayList<>();
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      if (pairs[i + 1] != null) {
        out.add(new Email.Detail(pairs[i], pairs[i + 1]));
      }
    }
    return out;
  }

  /** Reads template values out of {@code data}, tolerating numbers where text is expected. */
  private record Values(JsonObject data) {

    String text(String... keys) {
      for (String k : keys) {
        Object v = data.getValue(k);
        if (v instanceof String || v instanceof Number || v instanceof Boolean) {
          String s = NotificationInput.oneLine(v.toString());
          if (!s.isEmpty()) {
            return s.length() > 500 ? s.substring(0, 500) : s;
          }
        }
      }
      return null;
    }

    String greeting() {
      String user = text("username", "name", "first_name");
      return "Hi " + (user == null ? "there" : user);
    }

    String orderRef() {
      String id = text("order_id");
      return id == null ? null : "#" + id;
    }

    String amount(String defaultCurrency) {
      BigDecimal amount = Money.parse(data.getValue("amount", data.getValue("total_amount")));
      if (amount == null) {
        return null;
      }
      String currency = text("currency");
      return Money.display(amount, currency == null ? defaultCurrency : currency);
    }

    String items() {
      if (!(data.getValue("items") instanceof JsonArray items) || items.isEmpty()) {
        return null;
      }
      List<String> lines = new ArrayList<>();
      for (Object o : items) {
        if (o instanceof JsonObject item) {
          Values line = new Values(item);
          String name = line.text("product_name", "name");
          String qty = line.text("quantity");
          lines.add((qty == null ? "" : qty + " × ") + (name == null ? "product " + line.text("product_id") : name));
        }
      }
      return lines.isEmpty() ? null : String.join(", ", lines);
    }

    String declineReason() {
      String reason = text("error_message", "reason", "failure_reason");
      if (reason != null) {
        return reason;
      }
      String code = text("error_code");
      if (code == null) {
        return "the payment was not approved";
      }
      return switch (code) {
        case "card_declined" -> "the card was declined by its issuer";
        case "insufficient_funds" -> "insufficient funds";
        case "expired_card" -> "the card has expired";
        default -> code.replace('_', ' ');
      };
    }
  }
}
