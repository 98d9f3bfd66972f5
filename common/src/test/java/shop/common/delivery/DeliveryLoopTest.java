package shop.common.delivery;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import shop.testing.Await;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rounds side by side while they come back full, one at a time otherwise, and a stop that waits for them all. */
@ExtendWith(VertxExtension.class)
class DeliveryLoopTest {

  private static final int BATCH = 10;

  private final AtomicInteger started = new AtomicInteger();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger mostAtOnce = new AtomicInteger();

  /** A round that takes {@code ms} and delivers what {@code delivered} says when it starts. */
  private java.util.function.Supplier<Future<Integer>> round(Vertx vertx, long ms, IntSupplier delivered) {
    return () -> {
      started.incrementAndGet();
      mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
      int n = delivered.getAsInt();
      Promise<Integer> done = Promise.promise();
      vertx.setTimer(ms, id -> {
        running.decrementAndGet();
        done.complete(n);
      });
      return done.future();
    };
  }

  private static DeliveryLoop onContext(Context context, java.util.function.Supplier<DeliveryLoop> make) {
    AtomicReference<DeliveryLoop> loop = new AtomicReference<>();
    context.runOnContext(v -> {
      loop.set(make.get());
      loop.get().start();
      loop.get().kick();
    });
    Await.until("the loop started", 5, () -> loop.get() != null);
    return loop.get();
  }

  @Test
  void fullRoundsRunSideBySideUpToTheLimitThenOneAtATimeAgain(Vertx vertx) {
    Context context = vertx.getOrCreateContext();
    // a backlog of 30 full rounds, then nothing left
    AtomicInteger backlog = new AtomicInteger(30);
    onContext(context, () -> new DeliveryLoop(vertx, "test", 60_000, BATCH, 4,
      round(vertx, 40, () -> backlog.getAndDecrement() > 0 ? BATCH : 0)));

    Await.until("the backlog was worked through", 10, () -> backlog.get() < 0 && running.get() == 0);
    assertEquals(4, mostAtOnce.get(), "full rounds ran four side by side");
    int after = started.get();
    // the last rounds came back empty: the loop waits for its timer (a minute), nothing more starts
    Await.result(Future.future(p -> vertx.setTimer(300, id -> p.complete())));
    assertEquals(after, started.get(), "no round started once the rounds came back empty");
  }

  @Test
  void roundsThatComeBackShortRunOneAtATimeHoweverOftenTheLoopIsKicked(Vertx vertx) {
    Context context = vertx.getOrCreateContext();
    DeliveryLoop loop = onContext(context, () -> new DeliveryLoop(vertx, "test", 60_000, BATCH, 4,
      round(vertx, 20, () -> BATCH - 1)));
    for (int i = 0; i < 20; i++) {
      context.runOnContext(v -> loop.kick());
      Await.result(Future.future(p -> vertx.setTimer(5, id -> p.complete())));
    }
    Await.until("the kicks were served", 10, () -> running.get() == 0 && started.get() >= 3);
    assertEquals(1, mostAtOnce.get(), "short rounds never overlapped");
  }

  @Test
  void aRoundThatThrowsOrFailsIsNotABacklog(Vertx vertx) {
    Context context = vertx.getOrCreateContext();
    AtomicInteger calls = new AtomicInteger();
    DeliveryLoop loop = onContext(context, () -> new DeliveryLoop(vertx, "test", 60_000, BATCH, 4, () -> {
      if (calls.incrementAndGet() == 1) {
        throw new IllegalStateException("the claim could not be built");
      }
      return Future.failedFuture("database down");
    }));
    Await.result(Future.future(p -> vertx.setTimer(300, id -> p.complete())));
    assertEquals(1, calls.get(), "a round that threw waits for the timer instead of spinning");
    context.runOnContext(v -> loop.kick());
    Await.result(Future.future(p -> vertx.setTimer(300, id -> p.complete())));
    assertEquals(2, calls.get(), "a kick ran one round; once it failed the loop waits for the timer again");
  }

  @Test
  void stopWaitsForEveryRoundInFlightAndStartsNoMore(Vertx vertx) {
    Context context = vertx.getOrCreateContext();
    DeliveryLoop loop = onContext(context, () -> new DeliveryLoop(vertx, "test", 60_000, BATCH, 3,
      round(vertx, 200, () -> BATCH)));
    Await.until("three rounds side by side", 5, () -> running.get() == 3);
    AtomicReference<Future<Void>> stopped = new AtomicReference<>();
    context.runOnContext(v -> stopped.set(loop.stop()));
    Await.until("stop asked", 5, () -> stopped.get() != null);
    assertFalse(stopped.get().isComplete(), "stop waits for the rounds in flight");
    Await.result(stopped.get());
    assertEquals(0, running.get(), "every round had ended when stop completed");
    int atStop = started.get();
    Await.result(Future.future(p -> vertx.setTimer(300, id -> p.complete())));
    assertEquals(atStop, started.get(), "no round started after stop");
    assertTrue(atStop >= 3);
  }
}
