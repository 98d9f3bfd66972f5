package shop.testing.compose;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Docker Compose's variable interpolation, as far as the compose file uses it: {@code $$},
 * {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR-default}},
 * {@code ${VAR:?message}}, {@code ${VAR?message}}, {@code ${VAR:+alt}}, {@code ${VAR+alt}}.
 */
public final class Interpolation {

  private static final Pattern REF = Pattern.compile(
    "\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");

  private Interpolation() {
  }

  /** A required variable ({@code :?}/{@code ?}) that has no value: compose stops with its message. */
  public static final class MissingVariable extends RuntimeException {
    private final String variable;

    MissingVariable(String variable, String message) {
      super(variable + ": " + message);
      this.variable = variable;
    }

    public String variable() {
      return variable;
    }
  }

  public static String resolve(String text, Map<String, String> env) {
    Matcher m = REF.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(value(m, env)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String value(Matcher m, Map<String, String> env) {
    if (m.group().equals("$$")) {
      return "$";
    }
    if (m.group(4) != null) {
      return env.getOrDefault(m.group(4), "");
    }
    String name = m.group(1);
    String op = m.group(2);
    String arg = m.group(3) == null ? "" : m.group(3);
    String v = env.get(name);
    boolean unsetOrEmpty = v == null || v.isEmpty();
    if (op == null) {
      return v == null ? "" : v;
    }
    return switch (op) {
      case ":-" -> unsetOrEmpty ? arg : v;
      case "-" -> v == null ? arg : v;
      case ":+" -> unsetOrEmpty ? "" : arg;
      case "+" -> v == null ? "" : arg;
      case ":?" -> {
        if (unsetOrEmpty) {
          throw new MissingVariable(name, arg);
        }
        yield v;
      }
      case "?" -> {
        if (v == null) {
          throw new MissingVariable(name, arg);
        }
        yield v;
      }
      default -> throw new IllegalArgumentException("unsupported interpolation " + m.group());
    };
  }

  /** The names referenced by {@code text}, and whether each is required (has no default). */
  public static Map<String, Reference> references(String text) {
    Map<String, Reference> refs = new java.util.LinkedHashMap<>();
    Matcher m = REF.matcher(text);
    while (m.find()) {
      if (m.group(1) != null) {
        String op = m.group(2);
        refs.put(m.group(1), new Reference(m.group(1), op, m.group(3)));
      } else if (m.group(4) != null) {
        refs.put(m.group(4), new Reference(m.group(4), null, null));
      }
    }
    return refs;
  }

  /** One {@code ${NAME<op><arg>}} reference. */
  public record Reference(String name, String op, String arg) {
    public boolean required() {
      return op != null && op.endsWith("?");
    }

    /** The value used when the variable is unset, or null when there is none. */
    public String fallback() {
      return op != null && op.endsWith("-") ? arg : null;
    }
  }
}
