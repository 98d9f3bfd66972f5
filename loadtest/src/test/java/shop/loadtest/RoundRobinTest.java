package shop.loadtest;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoundRobinTest {

  @Test
  void eachReplicaInTurnSoTheyShareTheLoadEvenly() {
    RoundRobin rr = new RoundRobin(List.of(15002, 15032, 15033));
    List<Integer> picks = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      picks.add(rr.next());
    }
    assertEquals(List.of(15002, 15032, 15033, 15002, 15032, 15033, 15002), picks);
  }

  @Test
  void oneReplicaIsAlwaysTheSame() {
    RoundRobin rr = new RoundRobin(List.of(15002));
    assertEquals(15002, rr.next());
    assertEquals(15002, rr.next());
  }

  @Test
  void portsAreParsedFromTheListOrFallBackToTheSinglePort() {
    assertEquals(List.of(15002, 15032), RoundRobin.parsePorts(" 15002, 15032 ", 1));
    assertEquals(List.of(5002), RoundRobin.parsePorts(null, 5002));
    assertEquals(List.of(5002), RoundRobin.parsePorts("  ", 5002));
  }

  @Test
  void aBadEntryStopsTheEdgeInsteadOfDroppingAReplica() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
      () -> RoundRobin.parsePorts("15002,x", 1));
    assertTrue(e.getMessage().contains("'x'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> RoundRobin.parsePorts("15002,70000", 1));
    assertThrows(IllegalArgumentException.class, () -> RoundRobin.parsePorts("15002,,15003", 1));
    assertThrows(IllegalArgumentException.class, () -> new RoundRobin(List.of()));
  }
}
