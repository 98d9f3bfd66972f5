package shop.common.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.util.Arrays;
import java.util.function.Function;

/** Reads answered with a strong {@code ETag}: the catalog's, whose reads are many and change little. */
public final class Etag {

  private Etag() {
  }

  /** A read route: 200 with the body and its {@code ETag}, or 304 when {@code If-None-Match} already names it. */
  public static Handler<RoutingContext> respond(Function<RoutingContext, Future<Buffer>> read) {
    return ctx -> read.apply(ctx).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        write(ctx, ar.result());
      }
    });
  }

  private static Future<Void> write(RoutingContext ctx, Buffer body) {
    String etag = of(body);
    ctx.response().putHeader(HttpHeaders.ETAG, etag).putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
    String inm = ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH);
    if (inm != null && (inm.trim().equals("*") || Arrays.stream(inm.split(","))
      .map(String::trim).map(t -> t.startsWith("W/") ? t.substring(2) : t).anyMatch(etag::equals))) {
      return ctx.response().setStatusCode(304).end();
    }
    return ctx.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body);
  }

  /** A 64-bit FNV-1a hash of the body and its length: cheap on the hot read path, and never the same for two catalog states in practice. */
  static String of(Buffer body) {
    long h = 0xcbf29ce484222325L;
    int n = body.length();
    for (int i = 0; i < n; i++) {
      h ^= body.getByte(i) & 0xff;
      h *= 0x100000001b3L;
    }
    return "\"" + Long.toHexString(h) + "-" + Integer.toHexString(n) + "\"";
  }
}
