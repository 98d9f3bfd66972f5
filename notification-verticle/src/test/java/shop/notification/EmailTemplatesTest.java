package shop.notification;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;

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
  void amountsCarryTheirCurrency() {
    assertEquals("75,000.00", EmailTemplates.format(new BigDecimal("75000")));
    assertEquals("1,234,567.50", EmailTemplates.format(new BigDecimal("1234567.5")));
    Email.Rendered inr = templates.render("payment_confirmation", null, null,
      new JsonObject().put("order_id", 12).put("amount", 75000.0));
    assertTrue(inr.text().contains("INR 75,000.00"), inr.text());
    Email.Rendered usd = templates.render("refund", null, null,
      new JsonObject().put("order_id", 3).put("amount", "49.99").put("currency", "usd"));
    assertTrue(usd.html().contains("USD 49.99"), usd.html());
    assertEquals("Refund for order #3", usd.subject());
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
