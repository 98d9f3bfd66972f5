package shop.testing.compose;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Small helpers to walk parsed YAML (maps, lists, scalars). */
public final class Yamls {

  private Yamls() {
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> map(Object node, String where) {
    if (!(node instanceof Map<?, ?>)) {
      throw new AssertionError(where + " is not a mapping: " + node);
    }
    return (Map<String, Object>) node;
  }

  public static List<?> list(Object node, String where) {
    if (node == null) {
      return List.of();
    }
    if (!(node instanceof List<?> l)) {
      throw new AssertionError(where + " is not a list: " + node);
    }
    return l;
  }

  /** The node at {@code keys} under {@code root}, or null when any step is missing. */
  public static Object path(Object root, String... keys) {
    Object node = root;
    for (String k : keys) {
      if (!(node instanceof Map<?, ?> m)) {
        return null;
      }
      node = m.get(k);
    }
    return node;
  }

  /** Every document of a multi-document YAML file that is not empty. */
  public static List<Map<String, Object>> documents(Path file) {
    try (Reader r = Files.newBufferedReader(file)) {
      List<Map<String, Object>> docs = new ArrayList<>();
      for (Object d : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(r)) {
        if (d != null) {
          docs.add(map(d, file.toString()));
        }
      }
      return docs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Compose/Kubernetes sizes: 512M, 512m, 1G, 512Mi, 1Gi, 64k, plain bytes. */
  public static long bytes(String size) {
    String s = size.trim().toLowerCase(Locale.ROOT).replaceAll("i?b?$", "");
    long unit = 1;
    char last = s.charAt(s.length() - 1);
    if (Character.isLetter(last)) {
      unit = switch (last) {
        case 'k' -> 1L << 10;
        case 'm' -> 1L << 20;
        case 'g' -> 1L << 30;
        default -> throw new IllegalArgumentException("unknown size unit in " + size);
      };
      s = s.substring(0, s.length() - 1);
    }
    return (long) (Double.parseDouble(s) * unit);
  }
}
