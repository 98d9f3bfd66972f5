package shop.common.delivery;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * When rounds run: {@code intervalMs} after the previous one ended (never with an interval of 0), at
 * once when kicked (a kick during a round runs another right after it), and at once after a round
 * that delivered a full batch (more is likely waiting and the receiver keeps up). While rounds come
 * back full, up to {@code maxRounds} run side by side: a round spends most of its time waiting (for
 * its claim, its receivers' answers, its settle), and one at a time a busy service's relay fell
 * behind the requests that fill its outbox. Rounds claim disjoint rows, as the relays of two
 * replicas do. A round that delivered less goes back to one at a time and waits for the timer, so
 * an outage does not spin through a backlog.
 */
public final class DeliveryLoop {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryLoop.class);

  private final Vertx vertx;
  private final String name;
  private final long intervalMs;
  private final int fullBatch;
  private final int maxRounds;
  private final Supplier<Future<Integer>> round;
  private long timer = -1;
  private boolean running;
  private int inFlight;
  private boolean again;
  private boolean backlog;
  private Promise<Void> stopped;

  /** One round at a time. {@code round} answers how many messages it delivered. */
  public DeliveryLoop(Vertx vertx, String name, long intervalMs, int fullBatch, Supplier<Future<Integer>> round) {
    this(vertx, name, intervalMs, fullBatch, 1, round);
  }

  /** Up to {@code maxRounds} rounds side by side while they come back full. */
  public DeliveryLoop(Vertx vertx, String name, long intervalMs, int fullBatch, int maxRounds,
                      Supplier<Future<Integer>> round) {
    if (maxRounds < 1) {
      throw new IllegalArgumentException("at least one round runs, got " + maxRounds);
    }
    this.vertx = vertx;
    this.name = name;
    this.intervalMs = intervalMs;
    this.fullBatch = fullBatch;
    this.maxRounds = maxRounds;
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
    if (inFlight > 0) {
      again = true;
      return;
    }
    vertx.cancelTimer(timer);
    run();
  }

  /** No more rounds; completes once the rounds in progress have ended. */
  public Future<Void> stop() {
    running = false;
    vertx.cancelTimer(timer);
    if (inFlight == 0) {
      return Future.succeededFuture();
    }
    if (stopped == null) {
      stopped = Promise.promise();
    }
    return stopped.future();
  }

  private void schedule(long delay) {
    if (running && delay > 0) {
      vertx.cancelTimer(timer);
      timer = vertx.setTimer(delay, id -> run());
    }
  }

  /** Starts rounds: one, or while the last round came back full, as many as {@code maxRounds} allows. */
  private void run() {
    int allowed = backlog ? maxRounds : 1;
    if (inFlight >= allowed) {
      again = true;
      return;
    }
    // counted once: a round that ends at once (a failure before any wait) must not start another here
    for (int n = allowed - inFlight; n > 0 && running; n--) {
      startRound();
    }
  }

  private void startRound() {
    inFlight++;
    Future<Integer> done;
    try {
      done = round.get();
    } catch (RuntimeException e) {
      done = Future.failedFuture(e);
    }
    done.onComplete(ar -> {
      inFlight--;
      if (stopped != null) {
        if (inFlight == 0) {
          stopped.tryComplete();
        }
        return;
      }
      if (ar.failed()) {
        LOG.warn("{}: delivery round failed: {}", name, ar.cause().toString());
      }
      backlog = ar.succeeded() && ar.result() >= fullBatch;
      if (again || backlog) {
        again = false;
        schedule(1);
      } else if (inFlight == 0) {
        schedule(intervalMs);
      }
    });
  }
}
