package shop.loadtest;

import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JfrSummaryTest {

  @Test
  void selfTimeGoesToTheTopFrameAndItsPackageInclusiveToEveryShopFrameOnce() {
    JfrSummary s = new JfrSummary();
    s.add(new JfrSummary.Stack(List.of("io.netty.channel.epoll.Native.epollWait",
      "io.netty.channel.epoll.EpollEventLoop.run")));
    s.add(new JfrSummary.Stack(List.of("java.lang.String.hashCode", "shop.order.OrderRoutes.placeOrder",
      "shop.order.OrderRoutes.placeOrder", "io.vertx.core.impl.ContextImpl.run")));
    s.add(new JfrSummary.Stack(List.of("shop.order.Checkout.reserve", "shop.order.OrderRoutes.placeOrder")));
    s.add(new JfrSummary.Stack(List.of("java.lang.String.hashCode")));
    s.add(new JfrSummary.Stack(List.of()));

    assertEquals(5, s.samples());
    assertEquals(Map.entry("java.lang.String.hashCode", 2L), JfrSummary.top(s.selfCounts(), 1).get(0));
    assertEquals(2L, s.packageCounts().get("java.lang"));
    assertEquals(1L, s.packageCounts().get("io.netty.channel.epoll"));
    assertEquals(1L, s.packageCounts().get("(no frames)"));
    // recursion counts once per sample
    assertEquals(2L, s.shopInclusiveCounts().get("shop.order.OrderRoutes.placeOrder"));
    assertEquals(1L, s.shopInclusiveCounts().get("shop.order.Checkout.reserve"));
    String md = s.markdown("orders", 3);
    assertTrue(md.contains("### orders: 5 CPU samples"), md);
    assertTrue(md.contains("| `java.lang.String.hashCode` | 2 | 40.0% |"), md);
    assertTrue(md.contains("| `shop.order.OrderRoutes.placeOrder` | 2 | 40.0% |"), md);
  }

  @Test
  void topIsLargestFirstTiesByNameAndCutToN() {
    Map<String, Long> counts = Map.of("b", 3L, "a", 3L, "c", 9L, "d", 1L);
    assertEquals(List.of("c", "a", "b"), JfrSummary.top(counts, 3).stream().map(Map.Entry::getKey).toList());
    assertEquals(4, JfrSummary.top(counts, 10).size());
  }

  @Test
  void lambdaClassesAreNamedTheSameInEveryRunAndLeftOutOfTheShopsMethods() {
    assertEquals("io.vertx.core.http.impl.headers.HeadersMultiMap$$Lambda.accept",
      JfrSummary.normalize("io.vertx.core.http.impl.headers.HeadersMultiMap$$Lambda$777+0x00007f7a9940eb18.491773597.accept"));
    assertEquals("shop.order.Checkout$$Lambda.apply",
      JfrSummary.normalize("shop.order.Checkout$$Lambda$12/0x0000000800c0b000.apply"));
    assertEquals("shop.order.Checkout.lambda$place$2", JfrSummary.normalize("shop.order.Checkout.lambda$place$2"));
    JfrSummary s = new JfrSummary();
    s.add(new JfrSummary.Stack(List.of("shop.order.Checkout$$Lambda$837+0x00007fc0fd0966f8.767837367.apply",
      "shop.order.Checkout.place")));
    assertEquals(Map.of("shop.order.Checkout.place", 1L), s.shopInclusiveCounts());
    assertEquals(1L, s.packageCounts().get("shop.order"));
  }

  @Test
  void packageOfAFrame() {
    assertEquals("io.vertx.core.impl", JfrSummary.packageOf("io.vertx.core.impl.ContextImpl.run"));
    assertEquals("Main", JfrSummary.packageOf("Main.run"));
  }

  /** A real recording of this JVM spinning in a method of this class: its samples must name it. */
  @Test
  void readsTheExecutionSamplesOfARealRecording(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("spin.jfr");
    try (Recording r = new Recording()) {
      r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
      r.start();
      long until = System.nanoTime() + 1_500_000_000L;
      long sink = 0;
      while (System.nanoTime() < until) {
        sink += spin(sink);
      }
      r.stop();
      r.dump(file);
      assertTrue(sink != 42);
    }
    JfrSummary s = JfrSummary.read(List.of(file));
    assertTrue(s.samples() > 10, "samples: " + s.samples());
    long here = s.shopInclusiveCounts().getOrDefault("shop.loadtest.JfrSummaryTest.readsTheExecutionSamplesOfARealRecording", 0L);
    assertTrue(here > s.samples() / 2, "the spinning test method is on most stacks: " + here + " of " + s.samples()
      + " " + JfrSummary.top(s.shopInclusiveCounts(), 5));
  }

  private static long spin(long seed) {
    long x = seed;
    for (int i = 0; i < 10_000; i++) {
      x = x * 6364136223846793005L + 1442695040888963407L;
    }
    return x & 1;
  }
}
