package shop.system.docs;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import shop.testing.process.Repo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every link in every Markdown file of the repository resolves inside it: a relative path to a
 * file or folder that exists (and to a heading that exists, when it names one). A clone is all a
 * reader has, so a link outside the repository (../shared/…) or to an absolute path fails.
 */
class MarkdownLinksTest {

  /** {@code [text](target)} and {@code [text](target "title")}; images too. */
  private static final Pattern INLINE = Pattern.compile("\\[[^\\]]*]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
  /** {@code [label]: target} reference definitions. */
  private static final Pattern REFERENCE = Pattern.compile("(?m)^\\s{0,3}\\[[^\\]]+]:\\s*<?(\\S+?)>?(?:\\s.*)?$");
  private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*#*\\s*$");
  private static final Set<String> SKIPPED_DIRS = Set.of("target", "node_modules");

  static List<Path> markdownFiles() {
    try (Stream<Path> walk = Files.walk(Repo.ROOT)) {
      return walk.filter(p -> p.toString().endsWith(".md") && !inSkippedDir(Repo.ROOT.relativize(p))).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Build output, dependencies and hidden folders (git, IDEs, local data) are not the repository's documents. */
  private static boolean inSkippedDir(Path relative) {
    for (int i = 0; i < relative.getNameCount() - 1; i++) {
      String dir = relative.getName(i).toString();
      if (SKIPPED_DIRS.contains(dir) || dir.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  /** The link targets of a Markdown text, code blocks and inline code left out. */
  static List<String> links(String markdown) {
    String prose = markdown.replaceAll("(?ms)^\\s*```.*?^\\s*```", "").replaceAll("`[^`\\n]*`", "");
    List<String> out = new ArrayList<>();
    for (Pattern p : List.of(INLINE, REFERENCE)) {
      Matcher m = p.matcher(prose);
      while (m.find()) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  /** A problem with {@code target} linked from {@code from}, or null when it resolves inside the repository. */
  static String problem(Path from, String target) {
    if (target.matches("(?i)(https?|mailto):.*")) {
      return null;
    }
    if (target.matches("(?i)[a-z][a-z0-9+.-]*:.*") || target.startsWith("/")) {
      return "not a path inside the repository";
    }
    int hash = target.indexOf('#');
    String file = hash < 0 ? target : target.substring(0, hash);
    String anchor = hash < 0 ? null : target.substring(hash + 1);
    Path resolved = file.isEmpty() ? from : from.getParent().resolve(decode(file)).normalize();
    if (!resolved.startsWith(Repo.ROOT)) {
      return "outside the repository";
    }
    if (!Files.exists(resolved)) {
      return "no such file";
    }
    if (anchor != null && !anchor.isEmpty() && resolved.toString().endsWith(".md") && !anchors(resolved).contains(anchor)) {
      return "no heading #" + anchor + " in " + Repo.ROOT.relativize(resolved);
    }
    return null;
  }

  /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
  static List<String> anchors(Path markdown) {
    try {
      String text = Files.readString(markdown).replaceAll("(?ms)^\\s*```.*?^\\s*```", "");
      List<String> out = new ArrayList<>();
      Matcher m = HEADING.matcher(text);
      while (m.find()) {
        out.add(m.group(1).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String decode(String path) {
    return java.net.URLDecoder.decode(path.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("every link in every Markdown file resolves to a file (and heading) inside the repository")
  void everyLinkResolvesInsideTheRepository() throws IOException {
    List<Path> files = markdownFiles();
    assertTrue(files.contains(Repo.ROOT.resolve("README.md")) && files.contains(Repo.ROOT.resolve("docs/API.md")),
      "found the READMEs and docs: " + files);
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path f : files) {
      for (String target : links(Files.readString(f))) {
        checked++;
        String problem = problem(f, target);
        if (problem != null) {
          broken.add(Repo.ROOT.relativize(f) + ": (" + target + ") " + problem);
        }
      }
    }
    assertTrue(checked > 20, "links were found: " + checked);
    assertEquals(List.of(), broken);
  }

  @Test
  @DisplayName("the checker itself: outside links, missing files and missing headings are reported")
  void theCheckerCatchesBrokenLinks() {
    Path readme = Repo.ROOT.resolve("README.md");
    assertEquals("outside the repository", problem(readme, "../shared/API.md"));
    assertEquals("no such file", problem(readme, "docs/NOPE.md"));
    assertEquals("not a path inside the repository", problem(readme, "/etc/passwd"));
    assertEquals("not a path inside the repository", problem(readme, "file:///work/shared/API.md"));
    assertTrue(problem(readme, "docs/API.md#no-such-heading").startsWith("no heading"));
    assertEquals(null, problem(readme, "docs/API.md#errors"));
    assertEquals(null, problem(readme, "https://example.com/x"));
    assertEquals(List.of("a.md", "b/c.md#x"), links("[a](a.md) `[no](x.md)`\n```\n[no](y.md)\n```\n[r]: b/c.md#x\n"));
  }
}
