package shop.loadtest;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs {@code wrk} with one of the Lua scripts (written into target/ with its parameters filled in). */
final class Wrk {

  /** What one wrk run measured; latencies in milliseconds. */
  record Result(long requests, double seconds, double p50Ms, double p99Ms, long non2xx, long socketErrors,
                long journeys, boolean exhausted, double wrkCpuMs) {

    double perSecond() {
      return requests / seconds;
    }

    double journeysPerSecond() {
      return journeys / seconds;
    }

    long errors() {
      return non2xx + socketErrors;
    }

    static Result parse(JsonObject j, double wrkCpuMs) {
      return new Result(j.getLong("requests"), j.getLong("duration_us") / 1e6, j.getLong("p50_us") / 1e3,
        j.getLong("p99_us") / 1e3, j.getLong("status"),
        j.getLong("connect") + j.getLong("read") + j.getLong("write") + j.getLong("timeout"),
        j.getLong("journeys"), j.getLong("exhausted") > 0, wrkCpuMs);
    }
  }

  private final BenchOptions opts;
  private final Path luaDir;
  private final Path rawDir;

  Wrk(BenchOptions opts) throws IOException {
    this.opts = opts;
    this.luaDir = Files.createDirectories(opts.out().resolve("lua"));
    this.rawDir = Files.createDirectories(opts.out().resolve("wrk"));
  }

  /** Writes {@code common.lua + <script>.lua} with {@code {{KEY}}} replaced; returns its path. */
  Path script(String name, String file, Map<String, String> params) throws IOException {
    String text = resource("common.lua") + "\n" + resource(file + ".lua");
    for (Map.Entry<String, String> e : params.entrySet()) {
      text = text.replace("{{" + e.getKey() + "}}", e.getValue());
    }
    if (text.contains("{{")) {
      throw new IllegalArgumentException(name + ": unfilled parameter in " + file + ".lua");
    }
    Path p = luaDir.resolve(name + ".lua");
    Files.writeString(p, text);
    return p;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = Wrk.class.getResourceAsStream("/lua/" + name)) {
      if (in == null) {
        throw new IOException("missing resource lua/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** One run of {@code seconds} against {@code url}; wrk's own output is kept in target/bench/wrk/. */
  Result run(String name, Path script, String url, int seconds) throws IOException, InterruptedException {
    // through sh, whose cutime/cstime after the wait are wrk's own CPU time
    List<String> cmd = List.of("sh", "-c", "wrk \"$@\"; echo WRKCPU $(cut -d' ' -f16,17 /proc/$$/stat)", "sh", "-t", Integer.toString(opts.threads()), "-c", Integer.toString(opts.connections()),
      "-d", seconds + "s", "--timeout", "5s", "-s", script.toString(), url);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int rc = p.waitFor();
    Files.writeString(rawDir.resolve(name + ".txt"), String.join(" ", cmd) + "\n" + out);
    double cpu = -1;
    JsonObject summary = null;
    for (String line : out.split("\n")) {
      if (line.startsWith("WRKJSON ")) {
        summary = new JsonObject(line.substring(8));
      } else if (line.startsWith("WRKCPU ")) {
        String[] t = line.substring(7).trim().split(" ");
        cpu = (Long.parseLong(t[0]) + Long.parseLong(t[1])) * 10.0;
      }
    }
    if (summary != null) {
      return Result.parse(summary, cpu);
    }
    throw new IllegalStateException("wrk " + name + " exited " + rc + " without a summary: " + out);
  }
}
