package shop.system.browser;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shopper's side in headless Chromium against the whole shop (started in process by the
 * launcher): the purchase done with the keyboard alone, axe-core on every view, focus where a
 * keyboard user needs it, and the same purchase on a 375 px phone without sideways scrolling.
 * Screenshots of every view at 1280 px and 375 px: target/screenshots.
 */
@ExtendWith(SharedShop.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class StorefrontJourneyBrowserTest {

  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final String DECLINED_CARD = "4000 0000 0000 0002";
  private static final String GOOD_CARD = "4242 4242 4242 4242";
  private static LaunchedShop shop;
  private static Browser browser;

  @BeforeAll
  static void start(LaunchedShop shared) throws Exception {
    shop = shared;
    browser = Browser.open(SCREENSHOTS);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
  }

  private static String url(String hash) {
    return shop.url(hash);
  }

  private static String newUser(String prefix) {
    return prefix + Long.toHexString(System.nanoTime()).substring(5);
  }

  private static String newPassword() {
    return "pw-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
  }

  /** The view as it is: axe-core finds nothing serious, and a screenshot named after it and the width. */
  private static void checkView(String view) {
    Axe.check(browser, view);
    browser.screenshot(view + "-" + browser.width());
  }

  @Test
  @DisplayName("keyboard alone: log-in and sign-up errors focus their field, search, product page, cart, checkout, a declined card, a good one, confirmed; axe on every view")
  void shopperBuysWithTheKeyboardAlone() {
    String user = newUser("keys");
    browser.desktop();
    freshStart();
    browser.await("catalog cards", d -> d.findElements(By.cssSelector(".product-card")).size() >= 5);
    assertTrue(browser.find(By.cssSelector(".product-card .price")).getText().contains("75,000"),
      "prices carry their currency formatting");
    List<WebElement> pictures = browser.driver().findElements(By.cssSelector(".product-card img.product-img"));
    assertTrue(pictures.size() >= 5 && pictures.stream().allMatch(i -> !i.getDomAttribute("alt").isBlank()),
      "the seed catalog shows its pictures, each with alt text");
    checkView("catalog");

    browser.press("a[data-nav='login']", Keys.ENTER);
    browser.awaitFocus("the login form", "#login-email");
    checkView("login");
    browser.keys("nobody@example.com", Keys.ENTER);
    browser.awaitFocus("a missing password is the first invalid field", "#login-password[aria-invalid='true']");

    browser.press("main a[href^='#/register']", Keys.ENTER);
    browser.awaitFocus("the sign-up form", "#reg-username");
    browser.keys(user);
    browser.typeByKeys("#reg-email", user + "-at-example.com");
    browser.typeByKeys("#reg-password", newPassword());
    browser.typeByKeys("#reg-first", "Asha");
    checkView("register");
    browser.keys(Keys.ENTER);
    browser.awaitFocus("the bad email is the first invalid field", "#reg-email[aria-invalid='true']");
    assertTrue(browser.find(By.id("reg-email-error")).getText().contains("valid email"), "the error is next to the field");
    browser.screenshot("register-error-1280");
    browser.typeByKeys("#reg-email", user + "@example.com");
    browser.keys(Keys.ENTER);
    browser.await("logged in by creating the account", d -> d.findElement(By.id("user-name")).getText().equals(user));
    browser.awaitFocus("the catalog's heading after signing up", "main h1");

    browser.typeByKeys("#search", "phone");
    browser.keys(Keys.ENTER);
    browser.await("search results", d -> names(d.findElements(By.cssSelector(".product-card h2"))).equals(
      List.of("Smartphone", "Headphones")));
    browser.press(".product-card h2 a", Keys.ENTER);
    browser.await("the product page", d -> d.findElement(By.cssSelector("main h1")).getText().equals("Smartphone"));
    browser.awaitFocus("the product page's heading", "main h1");
    assertEquals("Smartphone", browser.find(By.cssSelector(".product-detail img")).getDomAttribute("alt"));
    checkView("product");
    browser.typeByKeys("#quantity", "2");
    browser.press("button[aria-label='Add to cart: Smartphone']", Keys.ENTER);
    browser.await("two smartphones in the cart", d -> d.findElement(By.id("cart-count")).getText().equals("2"));

    browser.press("nav.breadcrumbs a", Keys.ENTER);
    browser.awaitFocus("the catalog's heading", "main h1");
    browser.press("button[aria-label='Add to cart: Headphones']", Keys.ENTER);
    browser.await("three items in the cart", d -> d.findElement(By.id("cart-count")).getText().equals("3"));

    browser.press("a[data-nav='cart']", Keys.ENTER);
    browser.await("cart total", d -> d.findElement(By.id("cart-total")).getText().contains("55,000"));
    browser.awaitFocus("the cart's heading", "main h1");
    checkView("cart");
    browser.press("#go-checkout", Keys.ENTER);
    browser.awaitFocus("the checkout's heading", "main h1");
    checkView("checkout");
    browser.press("#place-order", Keys.ENTER);
    browser.awaitFocus("an empty street is the first invalid field", "#ship-street[aria-invalid='true']");
    browser.keys("12 MG Road");
    browser.typeByKeys("#ship-city", "Bengaluru");
    browser.typeByKeys("#ship-postal", "560001");
    browser.press("#place-order", Keys.ENTER);
    browser.await("the payment page", d -> d.getCurrentUrl().contains("#/pay/"));
    String orderId = orderIdIn(browser.driver().getCurrentUrl());
    assertEquals("0", browser.find(By.id("cart-count")).getText(), "the cart is emptied once the order exists");
    browser.awaitFocus("the payment page's heading", "main h1");
    checkView("pay");

    browser.typeByKeys("#card-number", DECLINED_CARD);
    browser.typeByKeys("#card-expiry", "12/39");
    browser.typeByKeys("#card-cvv", "123");
    browser.keys(Keys.ENTER);
    WebElement declined = browser.await("the decline message",
      d -> d.findElements(By.cssSelector("#payment-form .message-error")).stream().findFirst().orElse(null));
    assertTrue(declined.getText().contains("declined"), declined.getText());
    browser.awaitFocus("back on the card number for another card", "#card-number");
    browser.screenshot("pay-declined-1280");
    browser.typeByKeys("#card-number", GOOD_CARD);
    browser.keys(Keys.ENTER);
    WebElement paid = browser.await("the success message", d -> d.findElement(By.id("payment-success")));
    assertTrue(paid.getText().contains("Payment successful"), paid.getText());
    browser.awaitFocus("the way on", "#to-orders");
    browser.keys(Keys.ENTER);
    browser.await("the order confirmed (live update)", d -> d.findElement(
      By.cssSelector("tr[data-order-id='" + orderId + "'] .status")).getText().equals("Confirmed"));
    checkView("orders");
  }

  @Test
  @DisplayName("at 375 px every shopper's view fits without sideways scrolling and the purchase works")
  void phoneWidthPurchase() {
    String user = newUser("phone");
    String password = newPassword();
    new ShopHttp(shop).register(user, password);
    browser.phone();
    try {
      freshStart();
      browser.go(url("#/register"));
      browser.await("the sign-up form", d -> d.findElement(By.id("reg-username")));
      fits("register");
      browser.go(url("#/login?next=/cart"));
      browser.type(By.id("login-email"), user + "@example.com");
      browser.type(By.id("login-password"), password);
      fits("login");
      browser.click(By.id("login-submit"));
      browser.await("logged in", d -> d.getCurrentUrl().endsWith("#/cart"));

      browser.go(url("#/"));
      browser.await("catalog cards", d -> d.findElements(By.cssSelector(".product-card")).size() >= 5);
      fits("catalog");
      browser.click(By.linkText("Tablet"));
      browser.await("the product page", d -> d.findElement(By.cssSelector("main h1")).getText().equals("Tablet"));
      fits("product");
      browser.click(By.xpath("//button[@aria-label='Add to cart: Tablet']"));
      browser.await("one item in the cart", d -> d.findElement(By.id("cart-count")).getText().equals("1"));
      browser.click(By.cssSelector("a[data-nav='cart']"));
      browser.await("cart total", d -> d.findElement(By.id("cart-total")).getText().contains("20,000"));
      fits("cart");
      browser.click(By.id("go-checkout"));
      browser.type(By.id("ship-name"), "Ravi Kumar");
      browser.type(By.id("ship-street"), "4 Park Street");
      browser.type(By.id("ship-city"), "Kolkata");
      browser.type(By.id("ship-postal"), "700016");
      fits("checkout");
      browser.click(By.id("place-order"));
      browser.await("the payment page", d -> d.getCurrentUrl().contains("#/pay/"));
      String orderId = orderIdIn(browser.driver().getCurrentUrl());
      browser.type(By.id("card-number"), GOOD_CARD);
      browser.type(By.id("card-expiry"), "12/39");
      browser.type(By.id("card-cvv"), "123");
      fits("pay");
      browser.click(By.id("pay-submit"));
      browser.await("the success message", d -> d.findElement(By.id("payment-success")));
      browser.click(By.id("to-orders"));
      browser.await("the order confirmed", d -> d.findElement(
        By.cssSelector("tr[data-order-id='" + orderId + "'] .status")).getText().equals("Confirmed"));
      fits("orders");
    } finally {
      browser.desktop();
    }
  }

  /** The catalog in a new page, logged out with an empty cart (the browser is shared by the tests). */
  private static void freshStart() {
    browser.go(url(""));
    browser.driver().executeScript("localStorage.clear()");
    browser.go(url(""));
  }

  private static void fits(String view) {
    assertEquals(375, browser.viewportWidth(), "laid out as a 375 px phone");
    browser.assertNoSidewaysScroll(view);
    browser.screenshot(view + "-375");
  }

  private static String orderIdIn(String url) {
    Matcher m = Pattern.compile("#/pay/(\\d+)").matcher(url);
    assertTrue(m.find(), url);
    return m.group(1);
  }

  private static List<String> names(List<WebElement> elements) {
    return elements.stream().map(WebElement::getText).toList();
  }
}
