package shop.testing.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What docker/Dockerfile.frontend copies where, so the test's nginx finds the same files. */
public final class FrontendImage {

  private static final Pattern COPY = Pattern.compile("(?m)^COPY\\s+(?:--\\S+\\s+)*(frontend/\\S*)\\s+(/\\S+)\\s*$");
  /** Swagger UI, unpacked from the org.webjars:swagger-ui jar in a build stage of its own. */
  private static final Pattern SWAGGER_UI = Pattern.compile("(?m)^COPY\\s+--from=swagger-ui\\s+\\S+\\s+(/\\S+)\\s*$");
  private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";

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
      Matcher swagger = SWAGGER_UI.matcher(dockerfile);
      while (swagger.find()) {
        dirs.put(swagger.group(1).replaceAll("/+$", ""), swaggerUi());
      }
      return dirs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The same files from the same jar (on the test classpath through the launcher, at the version
   * the root pom.xml names, which the image's build stage reads too), unpacked under target/.
   */
  static Path swaggerUi() throws IOException {
    Properties props = new Properties();
    try (InputStream in = FrontendImage.class.getResourceAsStream("/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
      if (in == null) {
        throw new AssertionError("the org.webjars:swagger-ui jar is not on the test classpath");
      }
      props.load(in);
    }
    String prefix = WEBJAR + props.getProperty("version") + "/";
    Path out = Repo.ROOT.resolve("system-tests/target/swagger-ui").resolve(props.getProperty("version"));
    URL index = FrontendImage.class.getClassLoader().getResource(prefix + "index.html");
    String jar = index.getPath().substring("file:".length(), index.getPath().indexOf("!/"));
    try (JarFile file = new JarFile(URLDecoder.decode(jar, StandardCharsets.UTF_8))) {
      for (JarEntry e : Collections.list(file.entries())) {
        if (!e.isDirectory() && e.getName().startsWith(prefix)) {
          Path target = Files.createDirectories(out).resolve(e.getName().substring(prefix.length()));
          try (InputStream in = file.getInputStream(e)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    }
    return out;
  }
}
