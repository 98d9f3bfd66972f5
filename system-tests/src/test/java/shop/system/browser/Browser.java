package shop.system.browser;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

/**
 * Headless Debian Chromium through its chromedriver, a fresh profile per run, and numbered
 * screenshots under {@code target/screenshots}. Without Chromium the test is skipped, unless
 * {@code SHOP_REQUIRE_BROWSER=true} (CI), where a missing browser is a failure.
 */
final class Browser implements AutoCloseable {

  static final String CHROMIUM = env("SHOP_CHROMIUM", "/usr/bin/chromium");
  static final String CHROMEDRIVER = env("SHOP_CHROMEDRIVER", "/usr/bin/chromedriver");
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final ChromeDriver driver;
  private final ChromeDriverService service;
  private final Path profile;
  private final Path screenshots;
  private int shot;
  private int width = 1280;

  private Browser(ChromeDriver driver, ChromeDriverService service, Path profile, Path screenshots) {
    this.driver = driver;
    this.service = service;
    this.profile = profile;
    this.screenshots = screenshots;
  }

  /**
   * Skips (or, with SHOP_REQUIRE_BROWSER=true, fails) when Chromium, chromedriver or axe-core is
   * missing (the build installs axe-core with npm where /usr/bin/npm exists).
   */
  static void requireInstalled() {
    boolean present = new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute() && Axe.available();
    String message = "Chromium, chromedriver and axe-core are needed for the browser test (" + CHROMIUM + ", "
      + CHROMEDRIVER + ", " + Axe.RESOURCE + " on the test classpath, which the build installs with npm); "
      + "install them with: apt-get install -y chromium chromium-driver npm";
    if (!present && "true".equalsIgnoreCase(env("SHOP_REQUIRE_BROWSER", "false"))) {
      Assertions.fail(message + " (SHOP_REQUIRE_BROWSER=true makes this a failure)");
    }
    Assumptions.assumeTrue(present, message);
  }

  static Browser open(Path screenshots) throws IOException {
    Path profile = Files.createTempDirectory("shop-chromium-");
    Files.createDirectories(screenshots);
    ChromeDriverService service = new ChromeDriverService.Builder()
      .usingDriverExecutable(new File(CHROMEDRIVER))
      .usingAnyFreePort()
      .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
      "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
      "--window-size=1280,900", "--user-data-dir=" + profile);
    ChromeDriver driver = new ChromeDriver(service, options);
    return new Browser(driver, service, profile, screenshots);
  }

  ChromeDriver driver() {
    return driver;
  }

  void go(String url) {
    driver.get(url);
  }

  <T> T await(String what, ExpectedCondition<T> condition) {
    // a page that redraws while it is read leaves stale elements: read it again
    return new WebDriverWait(driver, WAIT).withMessage(what).ignoring(StaleElementReferenceException.class).until(condition);
  }

  WebElement find(By by) {
    return driver.findElement(by);
  }

  void type(By by, String text) {
    WebElement input = await("field " + by, d -> {
      WebElement e = d.findElement(by);
      return e.isDisplayed() && e.isEnabled() ? e : null;
    });
    input.clear();
    input.sendKeys(text);
  }

  void click(By by) {
    await("clickable " + by, d -> {
      WebElement e = d.findElement(by);
      return e.isDisplayed() && e.isEnabled() ? e : null;
    }).click();
  }

  void resize(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
  }

  /** Lays the page out as a 375 px wide phone does (its viewport meta honoured), until {@link #desktop()}. */
  void phone() {
    width = 375;
    driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
      Map.of("width", 375, "height", 812, "deviceScaleFactor", 1, "mobile", true));
  }

  /** Back to the 1280 px wide window. */
  void desktop() {
    width = 1280;
    driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
  }

  /** 1280 or 375: the window's width, or the phone's. */
  int width() {
    return width;
  }

  /** The width the page lays out in (the window less its scrollbar). */
  long viewportWidth() {
    return ((Number) driver.executeScript("return document.documentElement.clientWidth")).longValue();
  }

  /** Fails when the page is wider than the window, i.e. scrolls sideways. */
  void assertNoSidewaysScroll(String view) {
    Object wider = driver.executeScript("const e = document.documentElement; return e.scrollWidth > e.clientWidth"
      + " ? [...document.querySelectorAll('body *')].filter((n) => n.getBoundingClientRect().right > e.clientWidth + 1)"
      + ".slice(0, 5).map((n) => n.tagName + '.' + n.className + '#' + n.id).join(', ') || 'something' : ''");
    Assertions.assertEquals("", wider, "the " + view + " view scrolls sideways at " + viewportWidth() + " px");
  }

  /**
   * Presses Tab until the focused element matches {@code css} (as a keyboard user moves through the
   * page) and returns it; fails after 100 presses.
   */
  WebElement tabTo(String css) {
    // Shift+Tab when the target comes before the focus, as a keyboard user would go back
    Object before = driver.executeScript("const t = document.querySelector(arguments[0]); const a = document.activeElement;"
      + " return !!t && !!a && a !== document.body && !!(a.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_PRECEDING)", css);
    CharSequence step = Boolean.TRUE.equals(before) ? Keys.chord(Keys.SHIFT, Keys.TAB) : Keys.TAB;
    for (int i = 0; i < 100; i++) {
      if (Boolean.TRUE.equals(driver.executeScript(
        "return !!document.activeElement && document.activeElement.matches(arguments[0])", css))) {
        return driver.switchTo().activeElement();
      }
      new Actions(driver).sendKeys(step).perform();
    }
    throw new AssertionError("no element matching " + css + " can be reached with the Tab key");
  }

  /** Tabs to {@code css} and presses {@code keys} there (Enter to follow a link or press a button). */
  void press(String css, CharSequence... keys) {
    tabTo(css);
    new Actions(driver).sendKeys(keys).perform();
  }

  /** Tabs to the field {@code css}, clears it with the keyboard and types {@code text}. */
  void typeByKeys(String css, String text) {
    tabTo(css);
    new Actions(driver).keyDown(Keys.CONTROL).sendKeys("a").keyUp(Keys.CONTROL).sendKeys(Keys.DELETE).sendKeys(text)
      .perform();
  }

  /** Types into whatever has the focus now. */
  void keys(CharSequence... keys) {
    new Actions(driver).sendKeys(keys).perform();
  }

  /** Waits until the focused element matches {@code css}: focus moved where a keyboard user needs it. */
  void awaitFocus(String what, String css) {
    await(what + " (focus on " + css + ")", d -> Boolean.TRUE.equals(((ChromeDriver) d).executeScript(
      "return !!document.activeElement && document.activeElement.matches(arguments[0])", css)));
  }

  /** Saves {@code NN-name.png}; returns its path. */
  Path screenshot(String name) {
    shot++;
    Path file = screenshots.resolve(String.format("%02d-%s.png", shot, name));
    try {
      Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
      deleteQuietly(profile.toFile());
    }
  }

  static void deleteQuietly(File f) {
    File[] children = f.listFiles();
    if (children != null) {
      for (File c : children) {
        deleteQuietly(c);
      }
    }
    f.delete();
  }

  private static String env(String key, String def) {
    String v = System.getenv(key);
    if (v == null) {
      v = System.getProperty(key);
    }
    return v == null || v.isBlank() ? def : v;
  }
}
