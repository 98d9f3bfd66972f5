package shop.common.http;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.internal.ContextInternal;
import io.vertx.ext.web.RoutingContext;
import shop.common.error.Unavailable;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The one deadline a request's work shares. Each wait inside a request is bounded on its own (a
 * statement by {@code DB_TIMEOUT_MS}, a call by its timeout), but waits in a row add up: a read on
 * a database answering every round trip a second late took 11 s, each wait well within its bound.
 * So the request is answered when its deadline passes, whatever it still waits for: 503 with
 * {@code Retry-After}.
 *
 * <p>The budget depends on the kind of request ({@link Budget}). A read has
 * {@code REQUEST_TIMEOUT_MS}, 2.5 s: with the edge and a busy machine a client hears within about
 * 3 s. A write has {@code WRITE_TIMEOUT_MS}, 10 s, a backstop only: writes queue behind each other
 * on the rows they change (300 checkouts of one product), and a shopper must not be refused
 * because others are buying (measured with 2.5 s on a loaded 2-core machine: 269 of 300 such
 * checkouts answered 503). A write is kept short when something fails instead: it answers at its
 * first failed dependency and settles what it started behind the answer (the order checkout).
 *
 * <p>Work the answer overtook must not complete behind it. Transactions
 * ({@code Database.inTransaction}) find the deadline of the request they run for
 * ({@link #current()}, kept on the request's own Vert.x context): one still open when it passes
 * has its connection cut (the server rolls it back, and never sees a COMMIT). Work that moves a
 * saga forward after a wait asks {@link #passed()} and gives up instead. Once the request is
 * answered its context may still run other work (a relay kicked, a timer set from it): that work is
 * not the request's, so {@link #current()} no longer finds the deadline.
 */
public final class Deadline {

  /** A read's and a write's budget, in milliseconds. */
  public record Budget(long readMs, long writeMs) {
    public static final Budget DEFAULT = new Budget(2_500, 10_000);

    long of(HttpMethod method) {
      return method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS ? readMs : writeMs;
    }
  }

  private static final String KEY = "shop.deadline";
  /** Work outside a request (a sweeper, a relay) or on a router without the handler: no deadline. */
  private static final Deadline NONE = new Deadline(false, 0);

  private final boolean bounded;
  private final long dueNanos;
  private final List<Runnable> onPassed = new CopyOnWriteArrayList<>();
  private volatile boolean answered;
  private volatile boolean fired;
  private volatile boolean over;

  private Deadline(boolean bounded, long dueNanos) {
    this.bounded = bounded;
    this.dueNanos = dueNanos;
  }

  /** A router's handler after the body is read: starts the request's clock, and answers 503 if it runs out first. */
  static Handler<RoutingContext> handler(Budget budget) {
    return ctx -> {
      long millis = budget.of(ctx.request().method());
      Deadline deadline = new Deadline(true, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis));
      ctx.put(KEY, deadline);
      if (Vertx.currentContext() instanceof ContextInternal c && c.isDuplicate()) {
        // Vert.x gives each request a context of its own, which its futures' callbacks run on
        c.putLocal(KEY, deadline);
      }
      long timer = ctx.vertx().setTimer(millis, id -> {
        if (!ctx.response().headWritten() && !ctx.response().closed()) {
          deadline.answered = true;
          ErrorHandler.answer(ctx, tooLate());
        }
        deadline.fire();
      });
      ctx.addEndHandler(v -> {
        deadline.over = true;
        ctx.vertx().cancelTimer(timer);
      });
      ctx.next();
    };
  }

  public static Deadline of(RoutingContext ctx) {
    Deadline d = ctx.get(KEY);
    return d == null ? NONE : d;
  }

  /** The deadline of the unanswered request whose work runs on the current context, or none. */
  public static Deadline current() {
    Context c = Vertx.currentContext();
    Object d = c instanceof ContextInternal internal ? internal.getLocal(KEY) : null;
    return d instanceof Deadline deadline && !deadline.over ? deadline : NONE;
  }

  /** The failure of work refused or cut off because its request's time is up. */
  public static Unavailable tooLate() {
    return new Unavailable("The request could not be completed in time, try again shortly");
  }

  /** True once the time is up: the request has been (or is about to be) answered 503. */
  public boolean passed() {
    return fired || bounded && System.nanoTime() - dueNanos >= 0;
  }

  /**
   * Runs {@code cut} if the deadline passes before the returned handle is run (which forgets it).
   */
  public Runnable whilePending(Runnable cut) {
    if (!bounded) {
      return () -> { };
    }
    onPassed.add(cut);
    return () -> onPassed.remove(cut);
  }

  private void fire() {
    fired = true;
    onPassed.forEach(Runnable::run);
    onPassed.clear();
  }

  /** True when the deadline, not the work, answered the request: the work's own answer comes too late. */
  static boolean answered(RoutingContext ctx) {
    return of(ctx).answered;
  }
}
