package shop.launcher;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LaunchSettingsTest {

  @Test
  void everythingListensOnLoopbackByDefault() {
    LaunchSettings s = LaunchSettings.from(new JsonObject());
    assertEquals("127.0.0.1", s.bindHost());
    assertEquals("127.0.0.1", s.edgeHost());
    assertEquals("http://127.0.0.1:5002", s.serviceUrl(Services.ORDER));
  }

  @Test
  void servicesBoundToEveryAddressAreStillCalledOnLoopback() {
    LaunchSettings s = LaunchSettings.from(new JsonObject().put("SHOP_BIND_HOST", "0.0.0.0").put("EDGE_HOST", "0.0.0.0"));
    assertEquals("http://127.0.0.1:5000", s.serviceUrl(Services.PRODUCT));
    assertEquals("0.0.0.0", s.edgeHost());
  }

  @Test
  void servicesLeftOutAndReloadedAreNotInTheJvm() {
    LaunchSettings s = LaunchSettings.from(new JsonObject().put("SHOP_EXTERNAL_SERVICES", "order, Payment-service")
      .put("SHOP_RELOAD_SERVICES", "user"));
    assertEquals(Set.of(Services.ORDER, Services.PAYMENT, Services.USER), s.external());
    assertEquals(Set.of(Services.USER), s.reloaded());
    assertFalse(s.inJvm(Services.ORDER));
    assertTrue(s.inJvm(Services.PRODUCT));
  }

  @Test
  void anUnknownServiceIsOneLineListingTheKnownOnes() {
    LaunchException e = assertThrows(LaunchException.class,
      () -> LaunchSettings.from(new JsonObject().put("SHOP_EXTERNAL_SERVICES", "orders")));
    assertEquals("SHOP_EXTERNAL_SERVICES names 'orders', which is not a service; use any of product, notification, "
      + "user, order, payment, separated by commas.", e.getMessage());
  }
}
