package shop.reliability.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

/** Concurrent clients: blocking calls on a few threads, each bounded by the client's own timeouts. */
public final class Load {

  private Load() {
  }

  /** Runs every task, at most {@code concurrency} at a time; the results in the tasks' order. */
  public static <T> List<T> all(int concurrency, List<Callable<T>> tasks) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(concurrency, tasks.size())));
    try {
      List<Future<T>> futures = new ArrayList<>();
      tasks.forEach(t -> futures.add(pool.submit(t)));
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(get(f));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /** A client's result; its failure is the caller's, and no client may take more than 10 minutes. */
  private static <T> T get(Future<T> f) {
    try {
      return f.get(10, TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (TimeoutException e) {
      throw new AssertionError("a client took more than 10 minutes", e);
    }
  }

  /** {@code workers} threads each running {@code step} (given its worker number) again and again for {@code length}. */
  public static Running start(int workers, Duration length, IntConsumer step) {
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    AtomicBoolean stopping = new AtomicBoolean();
    long until = System.nanoTime() + length.toNanos();
    List<Future<?>> futures = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      int worker = w;
      futures.add(pool.submit(() -> {
        while (System.nanoTime() < until && !stopping.get()) {
          step.accept(worker);
        }
      }));
    }
    pool.shutdown();
    return new Running(pool, futures, stopping);
  }

  /** Workers started by {@link #start}. */
  public record Running(ExecutorService pool, List<Future<?>> futures, AtomicBoolean stopping) {
    /** Lets every worker finish the step it is in, then stops them. */
    public void stop() {
      stopping.set(true);
      await();
    }

    /** Waits for every worker to finish its last step; a worker's failure fails the caller. */
    public void await() {
      try {
        futures.forEach(Load::get);
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
