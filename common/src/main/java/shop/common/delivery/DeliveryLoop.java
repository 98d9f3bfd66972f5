package shop.common.delivery;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * When rounds run: one at a time, {@code intervalMs} after the previous one ended (never with an
 * interval of 0), at once when kicked (a kick during a round runs another right after it), and at
 * once after a round that delivered a full batch (more is likely waiting and the receiver keeps up).
 * A round that delivered less waits for the timer, so an outage does not spin through a backlog.
 */
public final class DeliveryLoop {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryLoop.class);

  private final Vertx vertx;
  private final String name;
  private final long intervalMs;
  private final int fullBatch;
  private final Supplier<Future<Integer>> round;
  private long timer = -1;
  private boolean running;
  private boolean busy;
  private boolean again;
  private Promise<Void> stopped;

  /** {@code round} answers how many messages it delivered. */
  public DeliveryLoop(Vertx vertx, String name, long intervalMs, int fullBatch, Supplier<Future<Integer>> round) {
    this.vertx = vertx;
    this.name = name;
    this.intervalMs = intervalMs;
    this.fullBatch = fullBatch;
    this.round = round;
  }

  public void start() {
    running = true;
    schedule(intervalMs);
  }

  /** Runs a round now rather than at the next tick (e.g. right after a commit that wrote a row). */
  public void kick() {
    if (!running) {
      return;
    }
    if (busy) {
      again = true;
      return;
    }
    vertx.cancelTimer(timer);
    run();
  }

  /** No more rounds; completes once a round in progress has ended. */
  public Future<Void> stop() {
    running = false;
    vertx.cancelTimer(timer);
    if (!busy) {
      return Future.succeededFuture();
    }
    if (stopped == null) {
      stopped = Promise.promise();
    }
    return stopped.future();
  }

  private void schedule(long delay) {
    if (running && delay > 0) {
      timer = vertx.setTimer(delay, id -> run());
    }
  }

  private void run() {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    round.get().onComplete(ar -> {
      busy = false;
      if (stopped != null) {
        stopped.tryComplete();
        return;
      }
      if (ar.failed()) {
        LOG.warn("{}: delivery round failed: {}", name, ar.cause().toString());
      }
      boolean more = ar.succeeded() && ar.result() >= fullBatch;
      if (again || more) {
        again = false;
        schedule(1);
      } else {
        schedule(intervalMs);
      }
    });
  }
}
