package shop.launcher;

import shop.common.tracing.Tracing;

import java.io.PrintStream;

/**
 * The few lines a person reads after {@code java -jar shop.jar}. Printed on stdout rather than
 * logged: it is the program's output, and it may carry the generated admin password, which must
 * never reach a log file.
 */
final class Banner {

  private Banner() {
  }

  static String text(RunningShop shop) {
    LaunchSettings s = shop.settings();
    String edge = "http://localhost:" + shop.edgePort();
    StringBuilder b = new StringBuilder();
    b.append('\n').append("  Shop is running").append('\n').append('\n');
    line(b, "Storefront", edge + "/");
    line(b, "API", edge + "/api/products");
    line(b, "Health", edge + "/api/health");
    line(b, "Mailbox", edge + "/api/mailbox (admin token) - SMTP on localhost:" + shop.smtpPort());
    for (ServiceSpec spec : Services.ALL) {
      String url = "http://" + s.connectHost() + ":" + s.port(spec) + "  (" + spec.portKey() + ")";
      if (s.reloaded().contains(spec)) {
        line(b, spec.name(), url + "  own process, restarted when its classes change");
      } else if (!s.inJvm(spec)) {
        line(b, spec.name(), url + "  left out: start " + spec.main().getName() + " (IDE or java -jar)");
        line(b, "", "DATABASE_URI=" + shop.databaseUri(spec) + ", SECRET_KEY and the rest in "
          + shop.launcherFile(spec) + ", which it reads by itself");
      } else {
        line(b, spec.name(), url);
      }
    }
    if (Tracing.enabled(s.env())) {
      line(b, "Tracing", "spans to " + Tracing.endpoint(s.env()) + " (OTEL_EXPORTER_OTLP_ENDPOINT), one service name each");
    }
    line(b, "Database", shop.databaseDescription());
    line(b, "Data", shop.dataDir().root().toString());
    if (shop.adminPassword().created()) {
      line(b, "Admin", s.adminEmail() + "  password " + shop.adminPassword().value());
      line(b, "", "(shown once; kept in " + shop.dataDir().resolve(RunningShop.ADMIN_PASSWORD_FILE) + ")");
    } else {
      line(b, "Admin", s.adminEmail() + "  (password: ADMIN_PASSWORD or "
        + shop.dataDir().resolve(RunningShop.ADMIN_PASSWORD_FILE) + ")");
    }
    b.append('\n').append("  Press Ctrl-C to stop.").append('\n');
    return b.toString();
  }

  static void print(RunningShop shop, PrintStream out) {
    out.println(text(shop));
    out.flush();
  }

  private static void line(StringBuilder b, String label, String value) {
    b.append("  ").append(String.format("%-13s", label)).append(value).append('\n');
  }
}
