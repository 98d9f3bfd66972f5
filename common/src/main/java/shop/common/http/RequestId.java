package shop.common.http;

import io.vertx.ext.web.RoutingContext;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** Every request carries {@code X-Request-Id}: kept when the caller sent a sane one, else made here. */
public final class RequestId {

  public static final String HEADER = "X-Request-Id";
  private static final String KEY = "requestId";
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private RequestId() {
  }

  public static void handle(RoutingContext ctx) {
    String id = ctx.request().getHeader(HEADER);
    if (id == null || !SAFE.matcher(id).matches()) {
      // not a secret: a fast random id, without SecureRandom's lock on every request
      ThreadLocalRandom r = ThreadLocalRandom.current();
      id = new UUID(r.nextLong(), r.nextLong()).toString();
    }
    ctx.put(KEY, id);
    ctx.response().putHeader(HEADER, id);
    ctx.next();
  }

  public static String of(RoutingContext ctx) {
    String id = ctx.get(KEY);
    return id == null ? "-" : id;
  }
}
