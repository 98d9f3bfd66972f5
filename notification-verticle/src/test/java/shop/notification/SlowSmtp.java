package shop.notification;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import shop.testing.Await;

/**
 * A TCP relay in front of a real SMTP server that holds every reply of the server for
 * {@code delayMs}: an SMTP server that takes its time, as a loaded relay does. Bytes keep their order.
 */
final class SlowSmtp {

  private final NetServer server;

  SlowSmtp(Vertx vertx, int smtpPort, long delayMs) {
    server = vertx.createNetServer().connectHandler(client -> {
      client.pause();
      vertx.createNetClient().connect(smtpPort, "127.0.0.1").onComplete(ar -> {
        if (ar.failed()) {
          client.close();
          return;
        }
        NetSocket smtp = ar.result();
        client.handler(smtp::write);
        client.closeHandler(v -> smtp.close());
        // equal delays fire in the order they were set, so the replies stay in order
        smtp.handler(reply -> vertx.setTimer(delayMs, t -> client.write(reply)));
        smtp.closeHandler(v -> vertx.setTimer(delayMs, t -> client.close()));
        client.resume();
      });
    });
    Await.result(server.listen(0, "127.0.0.1"));
  }

  int port() {
    return server.actualPort();
  }
}
