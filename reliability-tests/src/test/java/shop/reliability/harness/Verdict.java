package shop.reliability.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One test's result line, {@code reliability:<ID> metric=value … PASS|FAIL}: the figures it
 * measured and the "must hold" checks. {@link #conclude()} writes the line and fails the
 * test with the checks that did not hold.
 */
public final class Verdict {

  private final String id;
  private final Map<String, Object> metrics = new LinkedHashMap<>();
  private final List<String> failed = new ArrayList<>();

  Verdict(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public Verdict metric(String name, Object value) {
    metrics.put(name, value instanceof Double d ? String.format(java.util.Locale.ROOT, "%.2f", d) : value);
    return this;
  }

  /** A must-hold check; {@code what} says what was required and what was seen. */
  public Verdict require(String what, boolean holds) {
    if (!holds) {
      failed.add(what);
    }
    return this;
  }

  public boolean passed() {
    return failed.isEmpty();
  }

  public List<String> failures() {
    return List.copyOf(failed);
  }

  String line() {
    String figures = metrics.entrySet().stream()
      .map(e -> e.getKey() + "=" + String.valueOf(e.getValue()).replace(' ', '_'))
      .collect(Collectors.joining(" "));
    return "reliability:" + id + (figures.isEmpty() ? "" : " " + figures) + (passed() ? " PASS" : " FAIL");
  }

  /** Writes the line (console and report file) and throws when a check failed. */
  public void conclude() {
    Report.record(this);
    if (!passed()) {
      throw new AssertionError(id + " does not hold:\n  - " + String.join("\n  - ", failed) + "\n" + line());
    }
  }
}
