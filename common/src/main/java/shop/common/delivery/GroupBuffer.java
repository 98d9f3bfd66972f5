package shop.common.delivery;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Group commit: items from concurrent callers are collected and written together, one flush for a
 * group instead of one per item. A group is flushed when it holds {@code maxSize} items or
 * {@code waitMs} after its first item (0: no timer, the items added in the same event-loop task
 * go together). Each caller's future completes with its own item's result, or with the flush's
 * failure. Flushes may overlap; {@link #drain()} flushes what is waiting and completes once no
 * flush is out.
 */
public final class GroupBuffer<T, R> {

  private final Vertx vertx;
  private final int maxSize;
  private final long waitMs;
  private final Function<List<T>, Future<List<R>>> flush;
  private final Set<Future<?>> inFlight = new HashSet<>();
  private List<T> items = new ArrayList<>();
  private List<Promise<R>> waiting = new ArrayList<>();
  private long timer = -1;
  private boolean planned;

  /** {@code flush} answers one result per item, in the items' order. */
  public GroupBuffer(Vertx vertx, int maxSize, long waitMs, Function<List<T>, Future<List<R>>> flush) {
    if (maxSize < 1 || waitMs < 0) {
      throw new IllegalArgumentException("a group holds at least one item and never waits a negative time");
    }
    this.vertx = vertx;
    this.maxSize = maxSize;
    this.waitMs = waitMs;
    this.flush = flush;
  }

  /** Adds {@code item} to the group being collected; completes when its group has been written. */
  public synchronized Future<R> add(T item) {
    Promise<R> promise = Promise.promise();
    items.add(item);
    waiting.add(promise);
    if (items.size() >= maxSize) {
      flushNow();
    } else if (!planned) {
      planned = true;
      if (waitMs == 0) {
        vertx.runOnContext(v -> flushPlanned());
      } else {
        timer = vertx.setTimer(waitMs, id -> flushPlanned());
      }
    }
    return promise.future();
  }

  /** Flushes what is waiting now; completes once every flush out has ended (succeeded or not). */
  public synchronized Future<Void> drain() {
    if (!items.isEmpty()) {
      flushNow();
    }
    return Future.join(new ArrayList<>(inFlight)).<Void>mapEmpty().otherwiseEmpty();
  }

  private synchronized void flushPlanned() {
    if (planned) {
      flushNow();
    }
  }

  private void flushNow() {
    if (planned) {
      planned = false;
      vertx.cancelTimer(timer);
    }
    List<T> group = items;
    List<Promise<R>> promises = waiting;
    items = new ArrayList<>();
    waiting = new ArrayList<>();
    Future<List<R>> written = start(group);
    inFlight.add(written);
    written.onComplete(ar -> {
      synchronized (this) {
        inFlight.remove(written);
      }
      for (int i = 0; i < promises.size(); i++) {
        if (ar.failed()) {
          promises.get(i).fail(ar.cause());
        } else if (ar.result().size() != promises.size()) {
          promises.get(i).fail(new IllegalStateException("a group of " + promises.size() + " answered "
            + ar.result().size() + " results"));
        } else {
          promises.get(i).complete(ar.result().get(i));
        }
      }
    });
  }

  private Future<List<R>> start(List<T> group) {
    try {
      return flush.apply(group);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
