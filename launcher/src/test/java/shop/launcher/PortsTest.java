package shop.launcher;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PortsTest {

  @Test
  void aTakenPortIsOneLineNamingItAndItsVariable(@TempDir Path data) throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(0));
      int port = taken.getLocalPort();
      JsonObject env = new JsonObject().put("SHOP_DATA_DIR", data.toString())
        .put("PRODUCT_PORT", Ports.free()).put("USER_PORT", Ports.free()).put("ORDER_PORT", port)
        .put("PAYMENT_PORT", Ports.free()).put("NOTIFICATION_PORT", Ports.free())
        .put("EDGE_PORT", Ports.free()).put("SMTP_PORT", Ports.free());
      LaunchException e = assertThrows(LaunchException.class, () -> Launcher.prepare(env));
      assertEquals("Port " + port + " (the order service) is already in use: stop the program using it or set "
        + "ORDER_PORT to another port.", e.getMessage());
      assertTrue(!e.getMessage().contains("\n"));
    }
  }

  @Test
  void theEdgePortNamesEdgePort() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(0));
      LaunchException e = assertThrows(LaunchException.class,
        () -> Ports.requireFree(taken.getLocalPort(), "the storefront and API edge", LaunchSettings.EDGE_PORT));
      assertTrue(e.getMessage().contains("EDGE_PORT"), e.getMessage());
    }
  }

  @Test
  void aShortSecretKeyIsRefusedBeforeAnythingStarts(@TempDir Path data) {
    JsonObject env = new JsonObject().put("SHOP_DATA_DIR", data.toString()).put("SECRET_KEY", "too-short")
      .put("PRODUCT_PORT", Ports.free()).put("USER_PORT", Ports.free()).put("ORDER_PORT", Ports.free())
      .put("PAYMENT_PORT", Ports.free()).put("NOTIFICATION_PORT", Ports.free())
      .put("EDGE_PORT", Ports.free()).put("SMTP_PORT", Ports.free());
    LaunchException e = assertThrows(LaunchException.class, () -> Launcher.prepare(env));
    assertTrue(e.getMessage().startsWith("SECRET_KEY must be at least 32 bytes"), e.getMessage());
  }
}
