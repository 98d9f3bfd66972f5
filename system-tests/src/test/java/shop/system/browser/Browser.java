package shop.system.browser;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

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

  private Browser(ChromeDriver driver, ChromeDriverService service, Path profile, Path screenshots) {
    this.driver = driver;
    this.service = service;
    this.profile = profile;
    this.screenshots = screenshots;
  }

  /** Skips (or, with SHOP_REQUIRE_BROWSER=true, fails) when Chromium or chromedriver is missing. */
  static void requireInstalled() {
    boolean present = new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
    String message = "Chromium and chromedriver are needed for the browser test (" + CHROMIUM + ", " + CHROMEDRIVER
      + "); install them with: apt-get install -y chromium chromium-driver";
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
    return new WebDriverWait(driver, WAIT).withMessage(what).until(condition);
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
