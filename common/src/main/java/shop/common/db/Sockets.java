package shop.common.db;

import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.impl.SocketConnectionBase;
import io.vertx.sqlclient.internal.Connection;
import io.vertx.sqlclient.internal.SqlConnectionInternal;

/**
 * The socket under a pooled SQL connection. The SQL client offers no way to give a connection up
 * for good ({@code close()} of a pooled one lends it out again) nor to bound one statement, so the
 * bounds of {@link Database} work on the socket: Vert.x internals, in this one place.
 */
final class Sockets {

  private Sockets() {
  }

  static NetSocketInternal of(SqlConnection conn) {
    Connection c = ((SqlConnectionInternal) conn).unwrap().unwrap();
    return ((SocketConnectionBase) c).socket();
  }

  /**
   * Closes the connection's socket: the statement out on it fails at once, the pool drops it, and
   * the server, when it hears, rolls back what it had open; it never receives a COMMIT from it.
   */
  static void cut(SqlConnection conn) {
    try {
      of(conn).close();
    } catch (RuntimeException e) {
      // not a socket connection (cannot happen with MySQL): the read timer bounds it instead
    }
  }
}
