package shop.launcher;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.fail;

/** What the launcher tests share: a shop on free ports, and a check of where a port listens. */
final class TestShop {

  private TestShop() {
  }

  /** The launcher's env for a shop on free ports with its data in {@code data}. */
  static JsonObject env(Path data) {
    return new JsonObject().put("SHOP_DATA_DIR", data.toString())
      .put("PRODUCT_PORT", Ports.free()).put("USER_PORT", Ports.free()).put("ORDER_PORT", Ports.free())
      .put("PAYMENT_PORT", Ports.free()).put("NOTIFICATION_PORT", Ports.free())
      .put("EDGE_PORT", Ports.free()).put("SMTP_PORT", Ports.free());
  }

  /** An address of this machine other than loopback, if it has one. */
  static Optional<InetAddress> otherAddress() throws SocketException {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nic.isUp() && !nic.isLoopback()) {
        Optional<InetAddress> v4 = nic.inetAddresses().filter(a -> a.getAddress().length == 4).findFirst();
        if (v4.isPresent()) {
          return v4;
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Fails when {@code port} also listens on {@code other}: binding there succeeds only when
   * nothing (no wildcard listener either) holds the port on that address. Nothing is sent anywhere.
   */
  static void assertNotListeningOn(InetAddress other, int port, String what) throws IOException {
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(false);
      probe.bind(new InetSocketAddress(other, port));
    } catch (BindException e) {
      fail(what + " on port " + port + " also listens on " + other.getHostAddress()
        + ": it can be reached from the network around the edge");
    }
  }
}
