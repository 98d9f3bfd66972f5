package shop.loadtest;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchOptionsTest {

  @Test
  void emptyJvmFlagsMeanTheJvmsDefaultsNotAnEmptyArgument() {
    assertEquals(List.of(), BenchOptions.flags(""));
    assertEquals(List.of(), BenchOptions.flags("   "));
    assertEquals(List.of("-Xmx128m", "-XX:+UseSerialGC"), BenchOptions.flags(" -Xmx128m  -XX:+UseSerialGC "));
    assertTrue(BenchOptions.yardstickFlags().contains("-XX:+UseSerialGC"));
  }

  @Test
  void emptyInstancesLeaveTheServicesDefault() {
    assertEquals(BenchOptions.INSTANCES_UNSET, BenchOptions.instances(""));
    assertEquals(2, BenchOptions.instances("2"));
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.instances("0"));
  }

  @Test
  void replicasAndProfileAreChecked() {
    assertEquals(2, BenchOptions.replicas("2"));
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.replicas("0"));
    assertEquals("order", BenchOptions.profile("Order"));
    assertEquals("payment", BenchOptions.profile("payment-verticle"));
    assertEquals("", BenchOptions.profile(" "));
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.profile("edge"));
  }

  @Test
  void shopPortsOfReplicasDoNotCollideWithTheOtherProcesses() {
    // replica 1 is the service's own port; replicas 2..9 sit above the edge (base + 20)
    assertEquals("order-2", Shop.processName(Shop.Service.ORDER, 2));
    assertEquals("order", Shop.processName(Shop.Service.ORDER, 1));
    assertTrue(Shop.ORDER_REPLICA_OFFSET + 2 > Shop.EDGE_OFFSET);
    assertTrue(Shop.ORDER_REPLICA_OFFSET + 9 < Shop.PAYMENT_REPLICA_OFFSET + 2);
  }
}
