package shop.common.delivery;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import shop.testing.Await;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class GroupBufferTest {

  private final List<List<Integer>> flushes = new CopyOnWriteArrayList<>();

  private Future<List<String>> times10(List<Integer> group) {
    flushes.add(List.copyOf(group));
    return Future.succeededFuture(group.stream().map(i -> "r" + i * 10).toList());
  }

  private static <T> List<T> all(List<Future<T>> each) {
    Await.result(Future.join(new ArrayList<>(each)));
    return each.stream().map(Future::result).toList();
  }

  @Test
  void callersWithinTheWaitShareOneFlushAndEachGetsItsOwnResult(Vertx vertx) {
    GroupBuffer<Integer, String> buffer = new GroupBuffer<>(vertx, 100, 200, this::times10);
    List<Future<String>> each = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      each.add(buffer.add(i));
    }
    assertEquals(List.of("r10", "r20", "r30", "r40", "r50"), all(each));
    assertEquals(List.of(List.of(1, 2, 3, 4, 5)), flushes);
  }

  @Test
  void aFullGroupIsFlushedWithoutWaiting(Vertx vertx) {
    GroupBuffer<Integer, String> buffer = new GroupBuffer<>(vertx, 3, 60_000, this::times10);
    List<Future<String>> each = new ArrayList<>();
    for (int i = 1; i <= 7; i++) {
      each.add(buffer.add(i));
    }
    assertEquals(List.of(List.of(1, 2, 3), List.of(4, 5, 6)), flushes);
    assertTrue(each.subList(0, 6).stream().allMatch(Future::succeeded));
    assertFalse(each.get(6).isComplete(), "the seventh waits for its group");
    Await.result(buffer.drain());
    assertEquals("r70", each.get(6).result());
    assertEquals(List.of(7), flushes.get(2));
  }

  @Test
  void noWaitGroupsWhatArrivesInOneEventLoopTask(Vertx vertx) {
    GroupBuffer<Integer, String> buffer = new GroupBuffer<>(vertx, 100, 0, this::times10);
    List<Future<String>> each = new CopyOnWriteArrayList<>();
    Promise<Void> added = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> {
      for (int i = 1; i <= 4; i++) {
        each.add(buffer.add(i));
      }
      added.complete();
    });
    Await.result(added.future());
    assertEquals(List.of("r10", "r20", "r30", "r40"), all(each));
    assertEquals(1, flushes.size());
  }

  @Test
  void aFailedFlushFailsEveryCallerOfItsGroup(Vertx vertx) {
    GroupBuffer<Integer, String> buffer = new GroupBuffer<>(vertx, 2, 60_000,
      group -> Future.failedFuture(new IllegalStateException("database gone")));
    Future<String> a = buffer.add(1);
    Future<String> b = buffer.add(2);
    assertEquals("database gone", Await.failure(a).getMessage());
    assertEquals("database gone", Await.failure(b).getMessage());
  }

  @Test
  void drainWaitsForTheFlushesOut(Vertx vertx) {
    Promise<List<String>> slow = Promise.promise();
    GroupBuffer<Integer, String> buffer = new GroupBuffer<>(vertx, 1, 0, group -> slow.future());
    Future<String> a = buffer.add(1);
    Future<Void> drained = buffer.drain();
    assertFalse(drained.isComplete());
    slow.complete(List.of("done"));
    Await.result(drained);
    assertEquals("done", a.result());
  }
}
