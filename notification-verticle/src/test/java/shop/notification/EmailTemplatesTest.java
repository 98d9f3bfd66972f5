package shop.notification;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import shop.common.value.Money;

import java.math.BigDecimal;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every template: its subject, its amounts with currency, and no unescaped value in the HTML part. */
class EmailTemplatesTest {

  static final String EVIL = "<script>alert('x')</script>&\"";
  final EmailTemplates templates = new EmailTemplates("Shop", "INR");

  @ParameterizedTest
  @ValueSource(strings = {"user_registration", "order_created", "payment_confirmation", "payment_failed", "refund",
    "general"})
  void everyValueIsEscapedInHtml(String category) {
    JsonObject data = new JsonObject().put("username", EVIL).put("order_id", EVIL).put("amount", 1)
      .put("currency", EVIL).put("payment_id", EVIL).put("error_code", EVIL).put("reason", EVIL)
      .put("items", new JsonArray().add(new JsonObject().put("product_name", EVIL).put("quantity", 2)));
    Email.Rendered r = templates.render(category, EVIL, EVIL, data);
    assertFalse(r.html().contains("<script>"), r.html());
    assertFalse(r.html().contains("'x'"), r.html());
    assertTrue(r.html().contains("&lt;script&gt;"), category + " shows some value: " + r.html());
    assertFalse(r.subject().contains("\n"));
    assertFalse(r.text().isBlank());
  }

  @Test
  void amountsCarryTheirCurrencyInOneFormat() {
    assertEquals("INR 75,000.00", Money.display(new BigDecimal("75000"), "INR"));
    assertEquals("USD 1,234,567.50", Money.display(new BigDecimal("1234567.5"), "usd"));
    Email.Rendered inr = templates.render("payment_confirmation", null, null,
      new JsonObject().put("order_id", 12).put("amount", 75000.0));
    assertTrue(inr.text().contains("INR 75,000.00"), inr.text());
    Email.Rendered usd = templates.render("refund", null, null,
      new JsonObject().put("order_id", 3).put("amount", "49.99").put("currency", "usd"));
    assertTrue(usd.html().contains("USD 49.99"), usd.html());
    assertEquals("Refund for order #3", usd.subject());
  }

  @ParameterizedTest
  @ValueSource(strings = {"order_created", "payment_confirmation", "payment_failed", "refund"})
  @DisplayName("each email states the order and the amount once, in one money format, whatever message the sender wrote")
  void eachFactOnceInOneMoneyFormat(String category) {
    JsonObject data = new JsonObject().put("order_id", 12).put("amount", 75000.0).put("currency", "INR")
      .put("payment_id", "PAY_1").put("error_code", "card_declined")
      .put("items", new JsonArray().add(new JsonObject().put("product_name", "Laptop").put("quantity", 1)));
    String senders = "We received your payment of 75000.00 INR for order #12.";
    Email.Rendered r = templates.render(category, null, senders, data);
    // the HTML's <title> repeats the subject for mail clients; the body below it is what the shopper reads
    for (String body : List.of(r.text(), r.html().replaceFirst("<title>.*</title>", ""))) {
      assertEquals(1, occurrences(body, "INR 75,000.00"), category + ": " + body);
      assertEquals(1, occurrences(body, "#12"), category + ": " + body);
      assertTrue(occurrences(body, "PAY_1") <= 1, category + ": " + body);
      assertFalse(body.contains("75000"), category + " has the amount in one format only: " + body);
    }
  }

  @Test
  void theSendersMessageStandsInWhenThereIsNoData() {
    Email.Rendered r = templates.render("order_created", "Order", "Thanks for ordering the blue lamp.", new JsonObject());
    assertTrue(r.text().contains("Thanks for ordering the blue lamp."), r.text());
  }

  private static int occurrences(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void declinedPaymentSaysDeclinedAndWhy() {
    Email.Rendered r = templates.render("payment_failed", "Payment successful", "Payment successful",
      new JsonObject().put("order_id", 12).put("amount", 100).put("error_code", "insufficient_funds"));
    assertEquals("Payment failed for order #12", r.subject());
    assertTrue(r.text().contains("was declined: insufficient funds"), r.text());
    assertFalse(r.text().toLowerCase().contains("success"), r.text());
    assertFalse(r.html().toLowerCase().contains("success"), r.html());
    assertEquals("Payment failed for order #12", templates.title("payment_failed", "Payment successful",
      new JsonObject().put("order_id", 12)));
  }

  @Test
  void subjectsPerCategory() {
    JsonObject data = new JsonObject().put("order_id", 7).put("username", "ann");
    assertEquals("Welcome to Shop, ann!", templates.render("user_registration", null, null, data).subject());
    assertEquals("Order #7 received", templates.render("order_created", null, null, data).subject());
    assertEquals("Payment received for order #7", templates.render("payment_confirmation", null, null, data).subject());
    assertEquals("Hello", templates.render("general", "Hello", "Body", data).subject());
    assertEquals("A message from Shop", templates.render("general", null, "Body", data).subject());
    assertEquals("My title", templates.title("order_created", "My title", data));
    assertEquals("Order #7 received", templates.title("order_created", null, data));
  }
}
