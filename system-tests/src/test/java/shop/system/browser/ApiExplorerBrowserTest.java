package shop.system.browser;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API explorer as a developer uses it: Swagger UI at /api/docs/ on the launcher's edge, the
 * user service's document picked, "Authorize" with a login token, then GET /profile through
 * "Try it out" → "Execute" against the running shop.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@ExtendWith(SharedShop.class)
class ApiExplorerBrowserTest {

  private static LaunchedShop shop;
  private static Browser browser;

  @BeforeAll
  static void start(LaunchedShop shared) throws Exception {
    shop = shared;
    browser = Browser.open(Path.of("target", "screenshots", "api-explorer"));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  @DisplayName("open /api/docs, pick the user service, authorize with a bearer token, try GET /profile")
  void authorizeAndTryACall() {
    String user = "explorer" + Long.toHexString(System.nanoTime()).substring(6);
    String token = registerAndLogIn(user);

    browser.go(shop.url("api/docs"));
    browser.await("Swagger UI with the product document", d -> d.findElement(By.cssSelector(".information-container .title"))
      .getText().contains("Shop product service"));
    Select documents = new Select(browser.find(By.cssSelector(".topbar select")));
    assertEquals(List.of("product", "user", "order", "payment", "notification"),
      documents.getOptions().stream().map(WebElement::getText).toList());
    documents.selectByVisibleText("user");
    browser.await("the user document", d -> d.findElement(By.cssSelector(".information-container .title"))
      .getText().contains("Shop user service"));
    browser.screenshot("user-document");

    browser.click(By.cssSelector(".auth-wrapper .authorize"));
    browser.type(By.cssSelector(".modal-ux input[type=text]"), token);
    browser.click(By.cssSelector(".modal-ux .auth-btn-wrapper .authorize"));
    browser.await("authorized", d -> !d.findElements(By.cssSelector(".modal-ux .auth-btn-wrapper .btn-done")).isEmpty()
      && d.findElement(By.cssSelector(".modal-ux")).getText().contains("Logout"));
    browser.screenshot("authorized");
    browser.click(By.cssSelector(".modal-ux .btn-done"));

    WebElement profile = browser.await("GET /profile", d -> d.findElement(
      By.xpath("//div[contains(@class,'opblock-get')][.//*[@data-path='/profile']]")));
    profile.findElement(By.cssSelector(".opblock-summary")).click();
    browser.click(By.cssSelector(".opblock-get .try-out__btn"));
    browser.click(By.cssSelector(".opblock-get .execute"));
    WebElement status = browser.await("the live response", d -> d.findElement(
      By.cssSelector(".opblock-get .live-responses-table tbody .response .response-col_status")));
    browser.screenshot("executed");
    String body = browser.find(By.cssSelector(".opblock-get .live-responses-table tbody .response-col_description .highlight-code")).getText();
    String curl = browser.find(By.cssSelector(".opblock-get .curl-command")).getText();
    assertEquals("200", status.getText().trim(), body);
    assertTrue(body.contains("\"username\": \"" + user + "\""), body);
    assertTrue(curl.contains("/api/profile") && curl.contains("Authorization: Bearer " + token), curl);

    List<String> problems = browser.driver().manage().logs().get(LogType.BROWSER).getAll().stream()
      .map(LogEntry::getMessage).filter(m -> m.contains("Content Security Policy") || m.contains("Refused")).toList();
    assertEquals(List.of(), problems, "Swagger UI runs under the edge's Content-Security-Policy");
  }

  private static String registerAndLogIn(String user) {
    ShopHttp http = new ShopHttp(shop);
    http.register(user, "explorer-" + user);
    return http.login(user + "@example.com", "explorer-" + user);
  }
}
