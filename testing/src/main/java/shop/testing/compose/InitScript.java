package shop.testing.compose;

import shop.testing.process.Repo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs docker/mysql/init/01-databases.sh in its print mode with the env compose gives MySQL. */
public final class InitScript {

  private InitScript() {
  }

  /** What the script did: exit code, the SQL it printed, its error output. */
  public record Result(int exitCode, String stdout, String stderr) {
    public List<String> statements() {
      return Arrays.stream(stdout.split(";\\s*\\n"))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .toList();
    }
  }

  public static Result printSql(Map<String, String> mysqlEnv) {
    ProcessBuilder pb = new ProcessBuilder("bash", Repo.INIT_SCRIPT.toString());
    pb.environment().clear();
    pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    pb.environment().putAll(mysqlEnv);
    pb.environment().put("PRINT_SQL_ONLY", "1");
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      byte[] err = p.getErrorStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("01-databases.sh did not finish within 30 s");
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
