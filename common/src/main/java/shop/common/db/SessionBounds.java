package shop.common.db;

import io.vertx.core.Handler;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds a new pooled connection at both ends before the pool lends it. This side: the socket's
 * read timer ({@link ReadTimeout}). The server's side: {@code wait_timeout}, so a session whose
 * client has gone silent is ended by the server, which rolls back its open transaction and
 * releases its locks. Without it a partition that swallows a connection in the middle of a
 * transaction (the client gave up on it, the server never heard) leaves that transaction open for
 * the server's default eight hours, its row locks blocking everything after it: a checkout's order
 * row could never be settled. Nothing of ours leaves a connection silent that long: the pool
 * retires idle ones after half the timeout, and the read timer closes a silent one after it.
 */
final class SessionBounds implements Handler<SqlConnection> {

  private static final Logger LOG = LoggerFactory.getLogger(SessionBounds.class);

  private final ReadTimeout reads;
  private final String setup;

  /** {@code timeoutMs}: {@code DB_TIMEOUT_MS}; the server waits twice that (whole seconds) for the client. */
  SessionBounds(long timeoutMs) {
    this.reads = new ReadTimeout(timeoutMs);
    this.setup = "SET SESSION wait_timeout = " + Math.max(2, (2 * timeoutMs + 999) / 1000);
  }

  @Override
  public void handle(SqlConnection conn) {
    reads.bound(conn);
    conn.query(setup).execute().onComplete(ar -> {
      if (ar.failed()) {
        // a connection that cannot run this cannot serve either: the pool drops it if it is closed
        LOG.warn("cannot bound this database session ({}): a lost client may hold its locks", ar.cause().toString());
      }
      conn.close();
    });
  }
}
