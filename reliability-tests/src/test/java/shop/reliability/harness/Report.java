package shop.reliability.harness;

import shop.testing.process.Repo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The suite's report: each test's line on the console, and all of them in
 * {@code reliability-tests/target/reliability.txt} in the order, the checks that failed
 * under each failing line. Rewritten after every test, so an interrupted run still leaves one.
 */
public final class Report {

  public static final Path FILE = Repo.ROOT.resolve("reliability-tests/target/reliability.txt");
  private static final List<String> ORDER = List.of("T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "T10",
    "T12", "T12b", "T13", "T15", "T17", "T18", "T19", "T21", "T22", "T23", "T24", "T25", "T26", "T30");
  private static final Map<Integer, List<String>> LINES = new TreeMap<>();
  private static final List<String> NOTES = new ArrayList<>();

  private Report() {
  }

  public static Verdict of(String id) {
    if (!ORDER.contains(id)) {
      throw new IllegalArgumentException("not a test of issue 12's table: " + id);
    }
    return new Verdict(id);
  }

  static synchronized void record(Verdict v) {
    String line = v.line();
    System.out.println(line);
    List<String> block = new ArrayList<>();
    block.add(line);
    v.failures().forEach(f -> block.add("#   " + v.id() + ": " + f));
    LINES.put(ORDER.indexOf(v.id()), block);
    write();
  }

  /** A line starting with {@code #}: the profile, or why the suite could not run. */
  static synchronized void note(String text) {
    NOTES.add("# " + text);
    write();
  }

  static synchronized boolean has(String id) {
    return LINES.containsKey(ORDER.indexOf(id));
  }

  private static void write() {
    List<String> out = new ArrayList<>(NOTES);
    LINES.values().forEach(out::addAll);
    try {
      Files.createDirectories(FILE.getParent());
      Files.write(FILE, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
