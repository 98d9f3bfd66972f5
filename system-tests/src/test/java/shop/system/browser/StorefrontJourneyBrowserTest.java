package shop.system.browser;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The purchase journey as a shopper clicks it: the whole shop started in process by the launcher
 * (free ports, a temporary data directory), the storefront in headless Chromium.
 */
class StorefrontJourneyBrowserTest {

  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static LaunchedShop shop;
  private static Browser browser;

  @BeforeAll
  static void start() throws Exception {
    Browser.requireInstalled();
    shop = LaunchedShop.start();
    browser = Browser.open(SCREENSHOTS);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (shop != null) {
      shop.close();
    }
  }

  private String url(String hash) {
    return shop.url(hash);
  }

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  @DisplayName("sign up (logged in at once), search, fill the cart, check out, a declined card, a good card, confirmed, emailed")
  void shopperBuysTwoProducts() {
    String user = "shopper" + Long.toHexString(System.nanoTime()).substring(4);
    String email = user + "@example.com";
    String password = "pw-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));

    browser.go(url(""));
    browser.await("catalog cards", d -> d.findElements(By.cssSelector(".product-card")).size() >= 5);
    assertTrue(browser.find(By.cssSelector(".product-card .price")).getText().contains("75,000"),
      "prices carry their currency formatting");
    browser.screenshot("catalog");

    browser.click(By.linkText("Sign up"));
    browser.type(By.id("reg-username"), user);
    browser.type(By.id("reg-email"), email);
    browser.type(By.id("reg-password"), password);
    browser.type(By.id("reg-first"), "Asha");
    browser.screenshot("register-form");
    browser.click(By.id("register-submit"));
    browser.await("logged in by creating the account", d -> d.findElement(By.id("user-name")).getText().equals(user));
    browser.await("landed on the catalog, as a login would", d -> d.getCurrentUrl().endsWith("#/")
      && d.findElements(By.cssSelector(".product-card")).size() >= 5);
    assertTrue(browser.driver().findElements(By.id("login-password")).isEmpty(), "no login form after signing up");
    browser.screenshot("registered-and-logged-in");

    browser.type(By.id("search"), "phone");
    browser.click(By.cssSelector("form.search button"));
    browser.await("search results", d -> names(d.findElements(By.cssSelector(".product-card h2"))).equals(
      List.of("Smartphone", "Headphones")));
    browser.screenshot("search");

    browser.click(By.xpath("//button[@aria-label='Add Smartphone to cart']"));
    browser.click(By.xpath("//button[@aria-label='Add Headphones to cart']"));
    browser.await("two items in the cart", d -> d.findElement(By.id("cart-count")).getText().equals("2"));
    browser.go(url("#/cart"));
    browser.await("cart total", d -> d.findElement(By.id("cart-total")).getText().contains("30,000"));
    browser.screenshot("cart");

    browser.click(By.id("go-checkout"));
    browser.type(By.id("ship-street"), "12 MG Road");
    browser.type(By.id("ship-city"), "Bengaluru");
    browser.type(By.id("ship-postal"), "560001");
    browser.screenshot("checkout");
    browser.click(By.id("place-order"));
    browser.await("the payment page", d -> d.getCurrentUrl().contains("#/pay/"));
    Matcher m = Pattern.compile("#/pay/(\\d+)").matcher(browser.driver().getCurrentUrl());
    assertTrue(m.find());
    String orderId = m.group(1);
    assertEquals("0", browser.find(By.id("cart-count")).getText(), "the cart is emptied once the order exists");

    pay("4000 0000 0000 0002");
    WebElement declined = browser.await("the decline message",
      d -> d.findElements(By.cssSelector("#payment-form .message-error")).stream().findFirst().orElse(null));
    assertTrue(declined.getText().contains("declined"), declined.getText());
    browser.screenshot("declined");

    browser.go(url("#/orders"));
    WebElement status = browser.await("the order in My orders",
      d -> d.findElement(By.cssSelector("tr[data-order-id='" + orderId + "'] .status")));
    assertEquals("Pending", status.getText(), "a declined payment leaves the order pending");
    browser.screenshot("orders-pending");

    browser.click(By.cssSelector("tr[data-order-id='" + orderId + "'] a.button"));
    pay("4242 4242 4242 4242");
    WebElement paid = browser.await("the success message", d -> d.findElement(By.id("payment-success")));
    assertTrue(paid.getText().contains("Payment successful"), paid.getText());
    browser.screenshot("paid");

    browser.click(By.id("to-orders"));
    browser.await("the order confirmed (live update)", d -> d.findElement(
      By.cssSelector("tr[data-order-id='" + orderId + "'] .status")).getText().equals("Confirmed"));
    browser.screenshot("orders-confirmed");

    browser.click(By.id("logout"));
    browser.go(url("#/login"));
    browser.type(By.id("login-email"), LaunchedShop.ADMIN_EMAIL);
    browser.type(By.id("login-password"), shop.adminPassword());
    browser.click(By.id("login-submit"));
    browser.await("the admin link", d -> d.findElement(By.cssSelector("a[data-nav='admin']")).isDisplayed());
    browser.go(url("#/admin"));
    browser.await("the payment email in the admin view", d -> d.findElements(By.cssSelector("#admin-emails .mail-subject"))
      .stream().anyMatch(e -> e.getText().contains("Payment received for order #" + orderId)));
    List<String> recipients = names(browser.driver().findElements(By.cssSelector("#admin-emails .mail p.small")));
    assertTrue(recipients.stream().anyMatch(r -> r.contains(email)), recipients.toString());
    browser.screenshot("admin");

    browser.resize(390, 844);
    browser.go(url(""));
    browser.await("catalog at phone width", d -> d.findElements(By.cssSelector(".product-card")).size() >= 5);
    Object overflow = browser.driver().executeScript(
      "return document.documentElement.scrollWidth > document.documentElement.clientWidth");
    assertFalse(Boolean.TRUE.equals(overflow), "no sideways scrolling at phone width");
    browser.screenshot("phone-catalog");
  }

  private static void pay(String card) {
    browser.await("the payment form", d -> d.findElement(By.id("payment-form")));
    browser.type(By.id("card-number"), card);
    browser.type(By.id("card-expiry"), "12/39");
    browser.type(By.id("card-cvv"), "123");
    browser.screenshot("pay-" + card.replace(" ", "").substring(12));
    browser.click(By.id("pay-submit"));
  }

  private static List<String> names(List<WebElement> elements) {
    return elements.stream().map(WebElement::getText).toList();
  }
}
