package shop.loadtest;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where a process spent its CPU samples ({@code jdk.ExecutionSample}) during one phase: the top
 * frames (self time: the method on top of the stack), the top packages of those frames, and the
 * shop's own methods by inclusive time (anywhere on the stack), each as a share of all samples.
 */
final class JfrSummary {

  /** One sampled stack, top frame first, each frame as {@code package.Class.method}. */
  record Stack(List<String> frames) {
  }

  private final Map<String, Long> self = new HashMap<>();
  private final Map<String, Long> packages = new HashMap<>();
  private final Map<String, Long> shopInclusive = new HashMap<>();
  private long samples;

  void add(Stack stack) {
    samples++;
    if (stack.frames().isEmpty()) {
      self.merge("(no frames)", 1L, Long::sum);
      packages.merge("(no frames)", 1L, Long::sum);
      return;
    }
    String top = normalize(stack.frames().get(0));
    self.merge(top, 1L, Long::sum);
    packages.merge(packageOf(top), 1L, Long::sum);
    Set<String> seen = new HashSet<>();
    for (String frame : stack.frames()) {
      String f = normalize(frame);
      // a lambda's frame repeats the method that made it (lambda$place$2): only the methods count
      if (f.startsWith("shop.") && !f.contains("$$Lambda") && seen.add(f)) {
        shopInclusive.merge(f, 1L, Long::sum);
      }
    }
  }

  long samples() {
    return samples;
  }

  /** The {@code n} largest of a count map, largest first (ties by name). */
  static List<Map.Entry<String, Long>> top(Map<String, Long> counts, int n) {
    List<Map.Entry<String, Long>> list = new ArrayList<>(counts.entrySet());
    list.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    return list.subList(0, Math.min(n, list.size()));
  }

  Map<String, Long> selfCounts() {
    return self;
  }

  Map<String, Long> packageCounts() {
    return packages;
  }

  Map<String, Long> shopInclusiveCounts() {
    return shopInclusive;
  }

  private static final java.util.regex.Pattern HIDDEN = java.util.regex.Pattern.compile("\\$\\$Lambda[$0-9a-fx+/]*(\\.\\d+)?(?=\\.)");

  /**
   * A lambda's class is hidden and named per run ({@code Foo$$Lambda$777+0x00007f…/491773597}, the
   * slash printed as a dot): {@code Foo$$Lambda}, so the same code sums across processes and runs.
   */
  static String normalize(String frame) {
    return HIDDEN.matcher(frame).replaceAll("\\$\\$Lambda");
  }

  /** {@code io.vertx.core.impl.ContextImpl.run} → {@code io.vertx.core.impl}; a class without a package → itself. */
  static String packageOf(String frame) {
    int method = frame.lastIndexOf('.');
    String type = method < 0 ? frame : frame.substring(0, method);
    int cls = type.lastIndexOf('.');
    return cls < 0 ? type : type.substring(0, cls);
  }

  /** Reads every {@code jdk.ExecutionSample} of the recordings into one summary. */
  static JfrSummary read(List<Path> recordings) throws IOException {
    return read(recordings, java.time.Instant.MIN, java.time.Instant.MAX);
  }

  /** The samples taken from {@code from} to {@code to}: one phase out of a recording of the whole run. */
  static JfrSummary read(List<Path> recordings, java.time.Instant from, java.time.Instant to) throws IOException {
    JfrSummary s = new JfrSummary();
    for (Path p : recordings) {
      for (RecordedEvent e : RecordingFile.readAllEvents(p)) {
        if (e.getEventType().getName().equals("jdk.ExecutionSample") && !e.getStartTime().isBefore(from)
          && !e.getStartTime().isAfter(to)) {
          s.add(stackOf(e.getStackTrace()));
        }
      }
    }
    return s;
  }

  private static Stack stackOf(RecordedStackTrace trace) {
    List<String> frames = new ArrayList<>();
    if (trace != null) {
      for (RecordedFrame f : trace.getFrames()) {
        RecordedMethod m = f.getMethod();
        frames.add(m == null ? "(unknown)" : m.getType().getName() + "." + m.getName());
      }
    }
    return new Stack(frames);
  }

  String markdown(String title, int n) {
    StringBuilder s = new StringBuilder("### ").append(title).append(String.format(Locale.ROOT,
      ": %,d CPU samples%n%n", samples));
    if (samples == 0) {
      return s.append("No samples (the recording was empty).\n\n").toString();
    }
    table(s, "top frames (self)", top(self, n));
    table(s, "top packages (self)", top(packages, n));
    table(s, "the shop's methods (inclusive: on the stack)", top(shopInclusive, n));
    return s.toString();
  }

  private void table(StringBuilder s, String what, List<Map.Entry<String, Long>> rows) {
    s.append("| ").append(what).append(" | samples | share |\n|---|---:|---:|\n");
    for (Map.Entry<String, Long> e : rows) {
      s.append(String.format(Locale.ROOT, "| `%s` | %,d | %.1f%% |%n", e.getKey(), e.getValue(),
        100.0 * e.getValue() / samples));
    }
    s.append('\n');
  }

  io.vertx.core.json.JsonObject json(int n) {
    io.vertx.core.json.JsonObject j = new io.vertx.core.json.JsonObject().put("samples", samples);
    j.put("top_frames", asJson(top(self, n))).put("top_packages", asJson(top(packages, n)))
      .put("shop_inclusive", asJson(top(shopInclusive, n)));
    return j;
  }

  private static io.vertx.core.json.JsonObject asJson(List<Map.Entry<String, Long>> rows) {
    Map<String, Object> m = new LinkedHashMap<>();
    rows.forEach(e -> m.put(e.getKey(), e.getValue()));
    return new io.vertx.core.json.JsonObject(m);
  }
}
