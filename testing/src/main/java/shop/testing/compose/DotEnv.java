package shop.testing.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a compose {@code .env} file: {@code KEY=value} lines, # comments, optional quotes. */
public final class DotEnv {

  private DotEnv() {
  }

  public static Map<String, String> read(Path file) {
    try {
      Map<String, String> env = new LinkedHashMap<>();
      for (String raw : Files.readAllLines(file)) {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        int eq = line.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException(file + ": not KEY=value: " + line);
        }
        String value = line.substring(eq + 1).strip();
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
          || value.startsWith("'") && value.endsWith("'"))) {
          value = value.substring(1, value.length() - 1);
        }
        env.put(line.substring(0, eq).strip(), value);
      }
      return env;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
