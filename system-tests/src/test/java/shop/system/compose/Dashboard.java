package shop.system.compose;

import shop.testing.process.Repo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** docker/grafana/dashboards/shop.json and the Prometheus metric names its queries read. */
final class Dashboard {

  static final Path GRAFANA = Repo.DOCKER.resolve("grafana");
  static final Path FILE = GRAFANA.resolve("dashboards/shop.json");

  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
    "on", "ignoring", "group_left", "group_right");

  private Dashboard() {
  }

  static JsonObject json() {
    try {
      return new JsonObject(Files.readString(FILE));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every panel that is not a row. */
  static List<JsonObject> panels() {
    List<JsonObject> out = new ArrayList<>();
    for (Object p : json().getJsonArray("panels")) {
      JsonObject panel = (JsonObject) p;
      if (!"row".equals(panel.getString("type"))) {
        out.add(panel);
      }
    }
    return out;
  }

  /** Every PromQL expression of every panel. */
  static List<String> queries() {
    List<String> out = new ArrayList<>();
    for (JsonObject panel : panels()) {
      JsonArray targets = panel.getJsonArray("targets", new JsonArray());
      targets.forEach(t -> out.add(((JsonObject) t).getString("expr")));
    }
    return out;
  }

  static Set<String> metricNames() {
    Set<String> out = new TreeSet<>();
    queries().forEach(q -> out.addAll(metricNames(q)));
    return out;
  }

  /**
   * The metric names in one PromQL expression: what is left once strings, label matchers,
   * ranges and grouping clauses are taken out, less function names (followed by a parenthesis),
   * keywords and numbers.
   */
  static Set<String> metricNames(String expr) {
    String e = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
      .replaceAll("\\{[^}]*}", " ")
      .replaceAll("\\[[^]]*]", " ")
      .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
    Set<String> out = new TreeSet<>();
    Matcher m = NAME.matcher(e);
    while (m.find()) {
      boolean inNumber = m.start() > 0 && (Character.isDigit(e.charAt(m.start() - 1)) || e.charAt(m.start() - 1) == '.');
      boolean function = e.substring(m.end()).stripLeading().startsWith("(");
      if (!inNumber && !function && !KEYWORDS.contains(m.group())) {
        out.add(m.group());
      }
    }
    return out;
  }

  /** The metric names in a Prometheus text exposition (each sample line's name). */
  static Set<String> exported(String exposition) {
    Set<String> out = new TreeSet<>();
    exposition.lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
      .forEach(l -> out.add(l.split("[{ ]", 2)[0]));
    return out;
  }
}
