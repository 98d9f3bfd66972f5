package shop.common.outbox;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import shop.common.config.ConfigException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RelayOptionsTest {

  @Test
  void roundsSideBySideDefaultToFourAndReachTheEngine() {
    RelayOptions defaults = RelayOptions.from(new JsonObject());
    assertEquals(4, defaults.rounds());
    assertEquals(4, defaults.delivery().rounds());
    assertEquals(1, RelayOptions.from(new JsonObject().put("OUTBOX_ROUNDS", "1")).delivery().rounds());
    assertEquals(64, RelayOptions.from(new JsonObject().put("OUTBOX_ROUNDS", "64")).rounds());
  }

  @Test
  void roundsOutsideOneToSixtyFourStopTheServiceNamingTheKey() {
    for (String bad : new String[] {"0", "-1", "65", "many", "2.5"}) {
      ConfigException e = assertThrows(ConfigException.class,
        () -> RelayOptions.from(new JsonObject().put("OUTBOX_ROUNDS", bad)), bad);
      assertTrue(e.getMessage().contains("OUTBOX_ROUNDS"), e.getMessage());
    }
  }
}
