package shop.launcher;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shop.testing.Await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The parts of SHOP_RELOAD_SERVICES that need no running shop: the watcher and where classes come from. */
class ReloadTest {

  @Test
  void aBurstOfWritesIsOneRestartAndNewFoldersAreWatched(@TempDir Path classes) throws Exception {
    Files.createDirectories(classes.resolve("shop/order"));
    AtomicInteger restarts = new AtomicInteger();
    try (ClassesWatcher watcher = new ClassesWatcher(classes, 1_000, restarts::incrementAndGet)) {
      for (int i = 0; i < 20; i++) {
        Files.writeString(classes.resolve("shop/order/C" + i + ".class"), "v1");
      }
      Path added = Files.createDirectories(classes.resolve("shop/order/fresh"));
      Files.writeString(added.resolve("A.class"), "v1");
      Await.until("one restart for the burst", 30, () -> restarts.get() >= 1);
      assertEquals(1, restarts.get(), "a build's burst of files restarts the service once");

      Files.writeString(added.resolve("A.class"), "v2");
      Await.until("a restart for a change in a folder made after the watch began", 30, () -> restarts.get() == 2);
    }
  }

  @Test
  void classesInsideAJarCannotBeWatchedAndSayWhatToDoInstead() {
    ServiceSpec inJar = new ServiceSpec("order", "ORDER_PORT", 5002, "order_db", "ORDER_SERVICE_URL",
      List.of("orders"), metrics -> null, Vertx.class);
    LaunchException e = assertThrows(LaunchException.class, () -> ChildService.classesOf(inJar));
    assertTrue(e.getMessage().startsWith("SHOP_RELOAD_SERVICES needs the order service's classes in a folder"),
      e.getMessage());
    assertTrue(e.getMessage().contains("SHOP_EXTERNAL_SERVICES=order"), e.getMessage());
  }
}
