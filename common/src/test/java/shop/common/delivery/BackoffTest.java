package shop.common.delivery;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {

  private final Backoff backoff = new Backoff(1_000, 5_000);

  @Test
  @DisplayName("the ceiling doubles from the base up to the cap; the wait is drawn from its upper half")
  void doublesUpToItsCapWithEqualJitter() {
    assertEquals(500, backoff.delayMs(1, 0));
    assertEquals(1_000, backoff.delayMs(2, 0));
    assertEquals(2_000, backoff.delayMs(3, 0));
    assertEquals(2_500, backoff.delayMs(4, 0));
    assertEquals(2_500, backoff.delayMs(40, 0));
    assertEquals(1_999, backoff.delayMs(2, 0.9999));
    assertEquals(4_999, backoff.delayMs(9, 0.9999));
    assertEquals(4_999, backoff.delayMs(Integer.MAX_VALUE, 0.9999), "no overflow for a message retried for ever");
  }

  @Test
  void neverAboveTheCapNorBelowHalfOfIt() {
    for (int n = 1; n < 20; n++) {
      long d = backoff.delayMs(n);
      long ceiling = Math.min(5_000, 1_000L << Math.min(n - 1, 20));
      assertTrue(d >= ceiling / 2 && d <= ceiling, "attempt " + n + " waits " + d);
    }
  }

  @Test
  void theCapWinsOverALargerBaseAndNothingIsNegative() {
    assertEquals(299, new Backoff(500, 300).delayMs(1, 0.9999));
    assertThrows(IllegalArgumentException.class, () -> new Backoff(-1, 10));
  }
}
