package shop.testing.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's nginx running frontend/nginx.conf as the frontend image would, with what only Docker
 * provides put in by hand: the service names resolve to 127.0.0.1 ports (a scaled service to an
 * upstream of its instances, as Docker's DNS round-robins replicas), the listen port is free,
 * the image's file layout points at the source tree, and pid/logs/temp files go to a work dir.
 */
public final class EdgeNginx implements AutoCloseable {

  private static final Pattern SERVICE_HOST = Pattern.compile("\\b([a-z]+-service):(\\d+)");
  private static final Pattern UPSTREAM_SERVER = Pattern.compile("server\\s+([a-z]+-service):(\\d+)([^;]*);");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final int port;
  private final Path workDir;

  private final Path logs;

  private EdgeNginx(Process process, int port, Path workDir, Path logs) {
    this.process = process;
    this.port = port;
    this.workDir = workDir;
    this.logs = logs;
  }

  /**
   * @param instances each compose service name to the local ports of its instances
   * @param servicePorts the listeners this nginx adds for scaled services (name to port), used
   *                     by the other services as that service's address
   */
  public static EdgeNginx start(Path nginx, Path sourceConf, int edgePort, Map<String, List<Integer>> instances,
                         Map<String, Integer> servicePorts, Path logs) {
    try {
      Path work = Files.createTempDirectory("shop-edge-");
      for (String dir : List.of("logs", "client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
        Files.createDirectories(work.resolve(dir));
      }
      Files.createDirectories(logs);
      String conf = adapt(Files.readString(sourceConf), work, edgePort, instances, servicePorts, logs);
      Path confFile = work.resolve("nginx.conf");
      Files.writeString(confFile, conf);
      Files.writeString(logs.resolve("frontend-nginx.conf"), conf);
      Process p = new ProcessBuilder(nginx.toString(), "-p", work.toString(), "-c", confFile.toString())
        .redirectErrorStream(true)
        .redirectOutput(logs.resolve("frontend.log").toFile())
        .start();
      p.getOutputStream().close();
      EdgeNginx edge = new EdgeNginx(p, edgePort, work, logs);
      edge.awaitListening(Duration.ofSeconds(20));
      return edge;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String adapt(String source, Path work, int edgePort, Map<String, List<Integer>> instances,
                      Map<String, Integer> servicePorts, Path logs) {
    String conf = source;
    // process-level directives this harness decides; logs go next to the services' logs
    conf = conf.replaceAll("(?m)^\\s*(user|pid|daemon|error_log)\\s+[^;]*;", "");
    conf = conf.replaceAll("access_log\\s+[^;]*;", "access_log " + logs.resolve("frontend-access.log") + ";");
    // Debian's packaged defaults would add a server on port 80
    conf = conf.replaceAll("(?m)^\\s*include\\s+/etc/nginx/(conf\\.d|sites-enabled)/[^;]*;", "");
    conf = replaceListen(conf, edgePort);
    for (Map.Entry<String, Path> copy : FrontendImage.copies().entrySet()) {
      conf = conf.replace(copy.getKey(), copy.getValue().toString());
    }
    conf = expandUpstreamServers(conf, instances);
    conf = pointAtInstances(conf, instances);
    String http = tempPaths(work) + serviceListeners(instances, servicePorts);
    String main = "pid " + work.resolve("nginx.pid") + ";\n"
      + "error_log " + logs.resolve("frontend-error.log") + " info;\n"
      + "daemon off;\n"
      + (isRoot() ? "user root;\n" : "");
    Matcher httpBlock = Pattern.compile("(?m)^\\s*http\\s*\\{").matcher(conf);
    if (httpBlock.find()) {
      return main + conf.substring(0, httpBlock.end()) + "\n" + http + conf.substring(httpBlock.end());
    }
    // a conf.d-style file (server blocks only) goes inside the http block of the image's nginx.conf
    return main + "worker_processes 2;\nevents { worker_connections 1024; }\nhttp {\n"
      + "include /etc/nginx/mime.types;\ndefault_type application/octet-stream;\n"
      + "access_log " + logs.resolve("frontend-access.log") + ";\n"
      + http + conf + "\n}\n";
  }

  private static String replaceListen(String conf, int edgePort) {
    Matcher m = Pattern.compile("listen\\s+[^;]*\\b8081\\b[^;]*;").matcher(conf);
    StringBuilder out = new StringBuilder();
    boolean first = true;
    while (m.find()) {
      String keep = m.group().contains("default_server") ? " default_server" : "";
      m.appendReplacement(out, first ? "listen 127.0.0.1:" + edgePort + keep + ";" : "");
      first = false;
    }
    m.appendTail(out);
    if (first) {
      throw new AssertionError("frontend/nginx.conf does not listen on 8081");
    }
    return out.toString();
  }

  /** {@code server order-service:5002;} inside an upstream block becomes one line per instance. */
  private static String expandUpstreamServers(String conf, Map<String, List<Integer>> instances) {
    Matcher m = UPSTREAM_SERVER.matcher(conf);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      List<Integer> ports = ports(instances, m.group(1));
      StringBuilder lines = new StringBuilder();
      for (int p : ports) {
        lines.append("server 127.0.0.1:").append(p).append(m.group(3)).append(";\n");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(lines.toString()));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Any other {@code order-service:5002}: the instance, or the upstream of a scaled service. */
  private static String pointAtInstances(String conf, Map<String, List<Integer>> instances) {
    Matcher m = SERVICE_HOST.matcher(conf);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      List<Integer> ports = ports(instances, m.group(1));
      String target = ports.size() == 1 ? "127.0.0.1:" + ports.get(0) : upstreamName(m.group(1));
      m.appendReplacement(out, target);
    }
    m.appendTail(out);
    return out.toString();
  }

  private static List<Integer> ports(Map<String, List<Integer>> instances, String service) {
    List<Integer> ports = instances.get(service);
    if (ports == null || ports.isEmpty()) {
      throw new AssertionError("frontend/nginx.conf names " + service + ", which the compose file does not run");
    }
    return ports;
  }

  private static String upstreamName(String service) {
    return "compose_" + service.replace('-', '_');
  }

  private static String serviceListeners(Map<String, List<Integer>> instances, Map<String, Integer> servicePorts) {
    StringBuilder s = new StringBuilder();
    instances.forEach((service, ports) -> {
      if (ports.size() < 2) {
        return;
      }
      s.append("upstream ").append(upstreamName(service)).append(" {\n");
      ports.forEach(p -> s.append("  server 127.0.0.1:").append(p).append(";\n"));
      s.append("  keepalive 16;\n  keepalive_timeout 5s;\n}\n");
      Integer listen = servicePorts.get(service);
      if (listen != null) {
        s.append("server {\n  listen 127.0.0.1:").append(listen).append(";\n")
          .append("  location / {\n    proxy_pass http://").append(upstreamName(service)).append(";\n")
          .append("    proxy_http_version 1.1;\n    proxy_set_header Connection \"\";\n")
          .append("    proxy_set_header Host $host;\n    proxy_read_timeout 30s;\n  }\n}\n");
      }
    });
    return s.toString();
  }

  private static String tempPaths(Path work) {
    StringBuilder s = new StringBuilder();
    for (String t : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
      s.append(t).append("_temp_path ").append(work.resolve(t)).append(";\n");
    }
    return s.toString();
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  public int port() {
    return port;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  private void awaitListening(Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("nginx exited with " + process.exitValue() + ":\n" + log(logs));
      }
      try {
        HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/")).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.discarding());
        return;
      } catch (IOException e) {
        ServiceProcess.pause(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("nginx not listening on " + port + " within " + within.toSeconds() + " s:\n" + log(logs));
  }

  private static String log(Path logs) {
    try {
      return Files.readString(logs.resolve("frontend.log")) + Files.readString(logs.resolve("frontend-error.log"));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  public Path workDir() {
    return workDir;
  }
}
