package shop.testing.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What docker/Dockerfile.frontend copies where, so the test's nginx finds the same files. */
public final class FrontendImage {

  private static final Pattern COPY = Pattern.compile("(?m)^COPY\\s+(?:--\\S+\\s+)*(frontend/\\S*)\\s+(/\\S+)\\s*$");

  private FrontendImage() {
  }

  /** Image directory to source directory, for every directory COPY of the frontend. */
  public static Map<String, Path> copies() {
    try {
      String dockerfile = Files.readString(Repo.DOCKER.resolve("Dockerfile.frontend"));
      Map<String, Path> dirs = new LinkedHashMap<>();
      Matcher m = COPY.matcher(dockerfile);
      while (m.find()) {
        Path source = Repo.ROOT.resolve(m.group(1));
        if (Files.isDirectory(source)) {
          dirs.put(m.group(2).replaceAll("/+$", ""), source.normalize());
        }
      }
      return dirs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
