package shop.common.db;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * Puts a read-idle timer on every new pooled connection's socket: when the server sends nothing
 * for {@code millis}, Vert.x closes the socket, the statement waiting on it fails with
 * {@code ClosedConnectionException}, the server rolls back what the connection had open, and
 * the pool drops the connection instead of lending it again.
 *
 * <p>This is what {@code NetClientOptions.setReadIdleTimeout} passed to the pool builder is for,
 * but the MySQL driver of Vert.x 5.0.7 ignores those options (vertx-sql-client #1630, fixed in
 * 5.0.8). {@link Database} passes them anyway; this timer is only added where they did not
 * already put one, so it can simply be deleted after an upgrade.
 */
final class ReadTimeout {

  private static final Logger LOG = LoggerFactory.getLogger(ReadTimeout.class);
  /** The name Vert.x's own NetClient gives the handler it adds for idle timeouts. */
  private static final String NAME = "idle";

  private final long millis;

  ReadTimeout(long millis) {
    this.millis = millis;
  }

  /** Adds the timer to a new connection's socket ({@link SessionBounds}), unless Vert.x already put one there. */
  void bound(SqlConnection conn) {
    try {
      ChannelPipeline pipeline = Sockets.of(conn).channelHandlerContext().pipeline();
      if (pipeline.get(NAME) == null) {
        pipeline.addFirst(NAME, new IdleStateHandler(millis, 0, 0, TimeUnit.MILLISECONDS));
      }
    } catch (RuntimeException e) {
      LOG.warn("cannot bound database reads on this connection ({}): a silent server may hang it", e.toString());
    }
  }
}
