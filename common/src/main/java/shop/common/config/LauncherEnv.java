package shop.common.config;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A service started from the IDE next to a running launcher: the launcher, told to leave the
 * service out ({@code SHOP_EXTERNAL_SERVICES}), writes {@code <data dir>/<name>.env} with the
 * service's port, database, key and the other services' URLs. A service given neither a database
 * nor a key looks for that file in {@code SHOP_DATA_DIR}, else in {@code .shop-data} of the working
 * directory or one of its parents (IDEs start a main in the project or the module folder).
 */
public final class LauncherEnv {

  public static final String DATA_DIR_KEY = "SHOP_DATA_DIR";
  public static final String DEFAULT_DATA_DIR = ".shop-data";

  private LauncherEnv() {
  }

  /** The file the launcher writes for {@code name} (e.g. {@code order-service}) in its data directory. */
  public static Path file(Path dataDir, String name) {
    return dataDir.resolve(name + ".env");
  }

  /** True when the config names no database and no key: the service cannot run on its own. */
  public static boolean needed(JsonObject conf) {
    return Config.string(conf, "DATABASE_URI", null) == null && Config.string(conf, "DB_HOST", null) == null
      && Config.string(conf, "SECRET_KEY", null) == null;
  }

  /** The launcher's file for {@code name}, when one can be found from {@code conf} and the working directory. */
  public static Optional<Path> find(JsonObject conf, String name) {
    String configured = Config.string(conf, DATA_DIR_KEY, null);
    if (configured != null) {
      Path file = file(Path.of(configured), name);
      return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path file = file(dir.resolve(DEFAULT_DATA_DIR), name);
      if (Files.isRegularFile(file)) {
        return Optional.of(file);
      }
    }
    return Optional.empty();
  }

  /** {@code KEY=value} lines (blank lines and {@code #} comments skipped) under {@code conf}: what conf sets wins. */
  public static JsonObject under(JsonObject conf, Path file) {
    JsonObject merged = new JsonObject();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String l = line.trim();
        int eq = l.indexOf('=');
        if (!l.isEmpty() && !l.startsWith("#") && eq > 0) {
          merged.put(l.substring(0, eq).trim(), l.substring(eq + 1).trim());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return merged.mergeIn(conf);
  }

  /** The one line a service prints when it has neither a database nor a key nor a launcher file. */
  public static String hint(String name) {
    String service = name.replaceFirst("-service$", "");
    return name + ": no DATABASE_URI and no SECRET_KEY. To use a running launcher's database and key, start it with "
      + "SHOP_EXTERNAL_SERVICES=" + service + " (it writes " + DEFAULT_DATA_DIR + "/" + name + ".env, which this "
      + "service reads from the working directory or a parent, or from SHOP_DATA_DIR), then start this again; "
      + "or set both (README: Developing in an IDE).";
  }
}
