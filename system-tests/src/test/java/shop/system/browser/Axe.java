package shop.system.browser;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * axe-core (from npm, put on the test classpath by the build: system-tests/pom.xml) run inside the
 * page the browser shows: injected through WebDriver, so the storefront's Content-Security-Policy
 * stays as strict as ever, then {@code axe.run} over the whole document.
 */
final class Axe {

  static final String RESOURCE = "/axe/axe.min.js";
  private static final String RUN = """
    const done = arguments[arguments.length - 1];
    axe.run(document, { resultTypes: ['violations'] })
      .then((r) => done(JSON.stringify(r.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => ({ id: v.id, impact: v.impact, help: v.help,
          nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ' — ' + (n.failureSummary || '')) })))))
      .catch((e) => done(JSON.stringify([{ id: 'axe-error', impact: 'critical', help: String(e), nodes: [] }])));
    """;

  private static String source;

  private Axe() {
  }

  static boolean available() {
    return Axe.class.getResource(RESOURCE) != null;
  }

  /** The serious and critical violations on the page now, one readable line each. */
  static List<String> seriousViolations(Browser browser) {
    if (!Boolean.TRUE.equals(browser.driver().executeScript("return typeof window.axe === 'object'"))) {
      browser.driver().executeScript(source());
    }
    String json = (String) browser.driver().executeAsyncScript(RUN);
    List<String> out = new ArrayList<>();
    new JsonArray(json).forEach(v -> {
      JsonObject o = (JsonObject) v;
      out.add(o.getString("impact") + " " + o.getString("id") + ": " + o.getString("help") + " at " + o.getJsonArray("nodes"));
    });
    return out;
  }

  /** Fails with the list when the view has any serious or critical violation. */
  static void check(Browser browser, String view) {
    assertEquals(List.of(), seriousViolations(browser), "axe-core: serious or critical violations on the " + view + " view");
  }

  private static synchronized String source() {
    if (source == null) {
      try (InputStream in = Axe.class.getResourceAsStream(RESOURCE)) {
        source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return source;
  }
}
