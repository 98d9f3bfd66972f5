package shop.common;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * A verticle's periodic clean-up: runs {@code pass} every {@code intervalMs} (never when it is 0 or
 * less), never two passes at once; a failed pass is logged and the next one runs as usual. The pass
 * itself must be safe when several instances sweep at the same moment.
 */
public final class Sweeper {

  private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);

  private final Vertx vertx;
  private final String name;
  private final long intervalMs;
  private final Supplier<Future<?>> pass;
  private long timer = -1;
  private boolean busy;

  public Sweeper(Vertx vertx, String name, long intervalMs, Supplier<Future<?>> pass) {
    this.vertx = vertx;
    this.name = name;
    this.intervalMs = intervalMs;
    this.pass = pass;
  }

  public void start() {
    if (intervalMs > 0) {
      timer = vertx.setPeriodic(intervalMs, id -> tick());
    }
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }

  private void tick() {
    if (busy) {
      return;
    }
    busy = true;
    Future<?> run;
    try {
      run = pass.get();
    } catch (RuntimeException e) {
      run = Future.failedFuture(e);
    }
    run.onComplete(ar -> {
      busy = false;
      if (ar.failed()) {
        LOG.warn("{} failed: {}", name, ar.cause().toString());
      }
    });
  }
}
