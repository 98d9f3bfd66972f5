package shop.common.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import shop.common.db.Database;
import shop.common.db.DbConfig;
import shop.testing.Await;
import shop.testing.FreshDatabase;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A service whose database gives no connection for its first second (a busy machine, a server still
 * starting) still starts: the first read of the revocations is tried again, over a real MariaDB
 * reached through a TCP relay that only starts listening late.
 */
@ExtendWith(VertxExtension.class)
class RevocationsStartTest {

  @RegisterExtension
  static final FreshDatabase DB = new FreshDatabase();

  @Test
  void aDatabaseThatAnswersLateStillLetsTheServiceStart(Vertx vertx) throws IOException {
    DbConfig real = DbConfig.from(DB.config(), "test");
    Await.result(Revocations.migrate(vertx, real));
    int port = freePort();
    DbConfig late = new DbConfig("127.0.0.1", port, real.user(), real.password(), real.database(), real.poolSize(),
      real.waitQueueSize(), real.pipeliningLimit(), real.readPipeliningLimit(), real.timeoutMs());
    Pool pool = Database.pool(vertx, late);
    Revocations revocations = new Revocations(vertx, pool, new JsonObject());
    Future<Void> started = revocations.start();

    // nothing listens yet: the first read fails (connection refused), and the start is not over
    sleepPastFirstAttempt(vertx);
    assertFalse(started.isComplete(), "the start waits for a read that succeeds");
    NetServer relay = relay(vertx, port, real);
    try {
      Await.result(started);
      assertTrue(started.succeeded());
    } finally {
      revocations.stop();
      Await.result(pool.close());
      Await.result(relay.close());
    }
  }

  private static void sleepPastFirstAttempt(Vertx vertx) {
    Await.result(vertx.timer(Revocations.START_RETRY_MS + 200, TimeUnit.MILLISECONDS));
  }

  /** Listens on {@code port} and pipes each connection to the real server, both ways. */
  private static NetServer relay(Vertx vertx, int port, DbConfig target) {
    NetClient client = vertx.createNetClient();
    return Await.result(vertx.createNetServer().connectHandler(in -> {
      in.pause();
      client.connect(target.port(), target.host()).onSuccess(out -> pipe(in, out)).onFailure(err -> in.close());
    }).listen(port, "127.0.0.1"));
  }

  private static void pipe(NetSocket in, NetSocket out) {
    in.pipeTo(out);
    out.pipeTo(in);
    in.resume();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
