package shop.user;

import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

/**
 * Who is calling, for the per-address login counter: the first hop of {@code X-Forwarded-For}
 * when {@code TRUST_PROXY=true} (the service sits behind nginx or the edge router), else the
 * socket's remote address. Without a trusted proxy the header is ignored: anyone can write it.
 */
final class ClientAddress {

  private static final int MAX_LENGTH = 64;

  private final boolean trustProxy;

  ClientAddress(boolean trustProxy) {
    this.trustProxy = trustProxy;
  }

  String of(RoutingContext ctx) {
    if (trustProxy) {
      String forwarded = ctx.request().getHeader("X-Forwarded-For");
      if (forwarded != null) {
        int comma = forwarded.indexOf(',');
        String first = (comma < 0 ? forwarded : forwarded.substring(0, comma)).trim();
        if (!first.isEmpty() && first.length() <= MAX_LENGTH && first.matches("[0-9A-Fa-f.:\\[\\]]+")) {
          return first;
        }
      }
    }
    SocketAddress remote = ctx.request().remoteAddress();
    String host = remote == null ? null : remote.hostAddress();
    return host == null ? "unknown" : host;
  }
}
