package shop.common.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Names spans the way a trace viewer lists them. Vert.x names an HTTP span by its method alone and
 * every SQL span "Query"; here they become {@code POST /orders/{id}/confirm} (a numeric, UUID or
 * long hex path segment is {@code {id}}, so names stay few) and {@code UPDATE product_db}.
 */
final class SpanNames implements SpanProcessor {

  static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
  static final AttributeKey<String> URL = AttributeKey.stringKey("url.full");
  static final AttributeKey<String> SQL = AttributeKey.stringKey("db.query.text");
  static final AttributeKey<String> DATABASE = AttributeKey.stringKey("db.namespace");
  private static final Pattern ID = Pattern.compile("\\d+|[0-9a-fA-F-]{16,}");

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {
    String method = span.getAttribute(METHOD);
    if (method != null) {
      String path = span.getAttribute(PATH);
      if (path == null && span.getAttribute(URL) != null) {
        path = pathOf(span.getAttribute(URL));
      }
      if (path != null) {
        span.updateName(method + " " + template(path));
      }
      return;
    }
    String sql = span.getAttribute(SQL);
    if (sql != null) {
      String verb = sql.strip().split("\\s", 2)[0].toUpperCase(Locale.ROOT);
      String db = span.getAttribute(DATABASE);
      span.updateName(db == null ? verb : verb + " " + db);
    }
  }

  static String template(String path) {
    String[] parts = path.split("/", -1);
    for (int i = 0; i < parts.length; i++) {
      if (ID.matcher(parts[i]).matches()) {
        parts[i] = "{id}";
      }
    }
    return String.join("/", parts);
  }

  private static String pathOf(String url) {
    try {
      return URI.create(url).getRawPath();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Override
  public boolean isStartRequired() {
    return true;
  }

  @Override
  public void onEnd(ReadableSpan span) {
  }

  @Override
  public boolean isEndRequired() {
    return false;
  }
}
