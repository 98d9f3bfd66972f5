package shop.testing.compose;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import shop.testing.process.Repo;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * docker-compose.yml as compose reads it: YAML with merge keys ({@code <<: *anchor}), every string
 * interpolated against an env map. {@link #raw()} keeps the {@code ${...}} text for checks on it.
 */
public final class ComposeFile {

  public static final List<String> APP_SERVICES =
    List.of("product-service", "user-service", "order-service", "payment-service", "notification-service");

  private final Map<String, Object> doc;

  private ComposeFile(Map<String, Object> doc) {
    this.doc = doc;
  }

  public static ComposeFile raw() {
    return new ComposeFile(load(Repo.COMPOSE_FILE));
  }

  /** Interpolated against {@code env}; throws {@link Interpolation.MissingVariable} like compose. */
  public static ComposeFile resolved(Map<String, String> env) {
    @SuppressWarnings("unchecked")
    Map<String, Object> resolved = (Map<String, Object>) interpolate(load(Repo.COMPOSE_FILE), env);
    return new ComposeFile(resolved);
  }

  public static Map<String, Object> load(Path file) {
    try (Reader r = Files.newBufferedReader(file)) {
      Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
      return Yamls.map(doc, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Object interpolate(Object node, Map<String, String> env) {
    if (node instanceof String s) {
      return Interpolation.resolve(s, env);
    }
    if (node instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), interpolate(v, env)));
      return out;
    }
    if (node instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(v -> out.add(interpolate(v, env)));
      return out;
    }
    return node;
  }

  public Map<String, Object> document() {
    return doc;
  }

  public Map<String, Object> services() {
    return Yamls.map(doc.get("services"), "services");
  }

  public Service service(String name) {
    Object s = services().get(name);
    if (s == null) {
      throw new AssertionError("compose file has no service " + name);
    }
    return new Service(name, Yamls.map(s, name));
  }

  /** One entry under {@code services:}. */
  public record Service(String name, Map<String, Object> spec) {

    public Map<String, String> environment() {
      Object env = spec.get("environment");
      Map<String, String> out = new LinkedHashMap<>();
      if (env instanceof Map<?, ?> m) {
        m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
      } else if (env instanceof List<?> l) {
        for (Object item : l) {
          String s = String.valueOf(item);
          int eq = s.indexOf('=');
          out.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
        }
      }
      return out;
    }

    public String image() {
      return (String) spec.get("image");
    }

    public Map<String, Object> build() {
      return spec.containsKey("build") ? Yamls.map(spec.get("build"), name + ".build") : Map.of();
    }

    public Map<String, String> buildArgs() {
      Map<String, String> args = new LinkedHashMap<>();
      Object a = build().get("args");
      if (a instanceof Map<?, ?> m) {
        m.forEach((k, v) -> args.put(String.valueOf(k), String.valueOf(v)));
      }
      return args;
    }

    public List<String> ports() {
      Object p = spec.get("ports");
      List<String> out = new ArrayList<>();
      if (p instanceof List<?> l) {
        l.forEach(x -> out.add(String.valueOf(x)));
      }
      return out;
    }

    /** depends_on in either form, as service name to condition. */
    public Map<String, String> dependsOn() {
      Object d = spec.get("depends_on");
      Map<String, String> out = new LinkedHashMap<>();
      if (d instanceof List<?> l) {
        l.forEach(x -> out.put(String.valueOf(x), "service_started"));
      } else if (d instanceof Map<?, ?> m) {
        m.forEach((k, v) -> out.put(String.valueOf(k),
          String.valueOf(Yamls.map(v, name + ".depends_on").getOrDefault("condition", "service_started"))));
      }
      return out;
    }

    public Map<String, Object> healthcheck() {
      return spec.containsKey("healthcheck") ? Yamls.map(spec.get("healthcheck"), name + ".healthcheck") : Map.of();
    }

    /** The health check command as one string, whatever form it was written in. */
    public String healthcheckCommand() {
      Object test = healthcheck().get("test");
      if (test instanceof List<?> l) {
        return String.join(" ", l.stream().map(String::valueOf).toList());
      }
      return test == null ? "" : test.toString();
    }

    /** The memory limit in bytes from deploy.resources.limits.memory or mem_limit, or -1. */
    public long memoryLimitBytes() {
      Object mem = Yamls.path(spec, "deploy", "resources", "limits", "memory");
      if (mem == null) {
        mem = spec.get("mem_limit");
      }
      return mem == null ? -1 : Yamls.bytes(mem.toString());
    }

    /** The CPU limit from deploy.resources.limits.cpus or cpus, or 0 when none. */
    public double cpus() {
      Object cpus = Yamls.path(spec, "deploy", "resources", "limits", "cpus");
      if (cpus == null) {
        cpus = spec.get("cpus");
      }
      return cpus == null ? 0 : Double.parseDouble(cpus.toString());
    }
  }
}
