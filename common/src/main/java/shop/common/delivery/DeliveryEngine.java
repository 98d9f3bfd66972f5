package shop.common.delivery;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shop.common.tracing.Spans;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * "Deliver eventually" over a {@link ClaimTable}: a round claims the due rows, hands each to the
 * {@link Sender} (all at once: one after another could not keep up with a busy receiver), decides
 * what a failure means (backoff, or the end), and has the {@link Ledger} write it, each message as
 * soon as it is tried or the round's together ({@link DeliveryOptions#settleEach()}). Settles that
 * are ready at about the same time, from any round or immediate attempt, are written as one group
 * (a {@link GroupBuffer}: group commit). A claim is renewed for as long as its rows are in flight
 * or waiting for their group, so a slow send keeps them and a dead instance's rows are free again
 * within one claim. Delivery is at least once, and no order is promised.
 */
public final class DeliveryEngine<M extends Deliverable> {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryEngine.class);

  private final Vertx vertx;
  private final String name;
  private final ClaimTable<M> table;
  private final Ledger<M> ledger;
  private final Sender<M> sender;
  private final DeliveryOptions options;
  private final DeliveryLoop loop;
  private final GroupBuffer<Settled<M>, Void> settles;

  public DeliveryEngine(Vertx vertx, String name, ClaimTable<M> table, Ledger<M> ledger, Sender<M> sender,
                        DeliveryOptions options) {
    this.vertx = vertx;
    this.name = name;
    this.table = table;
    this.ledger = ledger;
    this.sender = sender;
    this.options = options;
    this.loop = new DeliveryLoop(vertx, name, options.pollMs(), options.batchSize(), options.rounds(), this::runOnce);
    this.settles = new GroupBuffer<>(vertx, options.settleGroup(), options.settleWaitMs(),
      group -> ledger.settle(group).map(v -> Collections.nCopies(group.size(), null)));
  }

  public void start() {
    loop.start();
  }

  /** A round now (e.g. right after a commit that wrote a row). */
  public void kick() {
    loop.kick();
  }

  /** No more rounds; completes once the rounds in progress have ended and the settles waiting are written. */
  public Future<Void> stop() {
    table.close();
    return loop.stop().eventually(settles::drain);
  }

  /** A fresh claim token, e.g. for a row inserted already claimed. */
  public String newClaim() {
    return UUID.randomUUID().toString();
  }

  public long claimMs() {
    return options.claimMs();
  }

  /** One round: claims the due rows, tries each once; answers how many were delivered. */
  public Future<Integer> runOnce() {
    String claim = newClaim();
    return table.claimDue(claim, options.claimMs(), options.batchSize()).compose(rows -> attempt(rows, claim));
  }

  /** Tries rows their caller inserted already claimed by {@code claim}. */
  public Future<Integer> deliverClaimed(List<M> messages, String claim) {
    return attempt(messages, claim);
  }

  /** Tries row {@code id} now, if it is due and nobody holds it. */
  public Future<Integer> deliverNow(long id) {
    String claim = newClaim();
    return table.claimOne(id, claim, options.claimMs()).compose(rows -> attempt(rows, claim));
  }

  private Future<Integer> attempt(List<M> rows, String claim) {
    if (rows.isEmpty()) {
      return Future.succeededFuture(0);
    }
    Future<Integer> done = options.settleEach() ? settlingEach(rows, claim) : settlingTogether(rows, claim);
    renewWhile(claim, done);
    return done;
  }

  private Future<Integer> settlingEach(List<M> rows, String claim) {
    List<Future<Integer>> each = new ArrayList<>();
    for (M row : rows) {
      each.add(attemptOne(row, claim).compose(s -> settles.add(s).map(v -> s.delivered() ? 1 : 0))
        .recover(err -> {
          LOG.error("{}: {} could not be settled: {}", name, row.label(), err.toString());
          return Future.succeededFuture(0);
        }));
    }
    return Future.join(each).map(v -> each.stream().mapToInt(Future::result).sum());
  }

  /** Should the settle fail, the rows stay claimed until the claim runs out, then go out again. */
  private Future<Integer> settlingTogether(List<M> rows, String claim) {
    List<Future<Settled<M>>> each = new ArrayList<>();
    rows.forEach(row -> each.add(attemptOne(row, claim)));
    return Future.join(each).transform(v -> {
      List<Settled<M>> settled = each.stream().map(Future::result).toList();
      List<Future<Void>> written = new ArrayList<>();
      settled.forEach(s -> written.add(settles.add(s)));
      return Future.all(written).map(x -> (int) settled.stream().filter(Settled::delivered).count());
    });
  }

  /**
   * Never a failed future: a sender's failure is a failed attempt. Traced as {@code <name> send}, a
   * child of the request that stored the row, with the sender's calls under it.
   */
  private Future<Settled<M>> attemptOne(M row, String claim) {
    return Spans.consuming(name + " send", row.traceparent(),
        Map.of("shop.delivery.row", row.label(), "shop.delivery.attempt", Integer.toString(row.attempts() + 1)),
        () -> sender.send(row).recover(err -> Future.succeededFuture(new Attempt<>(row, Outcome.failed(err)))),
        a -> Map.of("shop.delivery.outcome", describe(a.outcome())))
      .map(a -> decide(a, claim));
  }

  private static String describe(Outcome outcome) {
    if (outcome instanceof Outcome.Delivered d) {
      return d.code() == null ? d.status() : d.status() + " " + d.code();
    }
    if (outcome instanceof Outcome.Failed f) {
      return (f.permanent() ? "refused: " : "failed: ") + f.error();
    }
    return "postponed: " + ((Outcome.Postponed) outcome).reason();
  }

  private Settled<M> decide(Attempt<M> a, String claim) {
    M m = a.message();
    if (a.outcome() instanceof Outcome.Postponed p) {
      return new Settled<>(claim, m, p, false, p.delayMs());
    }
    if (!(a.outcome() instanceof Outcome.Failed f)) {
      return new Settled<>(claim, m, a.outcome(), false, 0);
    }
    int attempt = m.attempts() + 1;
    if (f.permanent() || attempt >= options.maxAttempts()) {
      LOG.warn("{}: {} failed for good at attempt {}: {}", name, m.label(), attempt, f.error());
      return new Settled<>(claim, m, f, true, 0);
    }
    long delay = options.backoff().delayMs(attempt);
    LOG.warn("{}: {} attempt {} failed, next in {} ms: {}", name, m.label(), attempt, delay, f.error());
    return new Settled<>(claim, m, f, false, delay);
  }

  /**
   * Renews {@code claim} every {@link DeliveryOptions#renewMs()} until {@code done}; renewals never
   * overlap (the next is planned when the previous one has answered).
   */
  private void renewWhile(String claim, Future<?> done) {
    long timer = vertx.setTimer(options.renewMs(), id -> {
      if (!done.isComplete()) {
        table.renew(claim, options.claimMs())
          .onFailure(err -> LOG.warn("{}: claim {} not renewed: {}", name, claim, err.toString()))
          .onComplete(ar -> renewWhile(claim, done));
      }
    });
    done.onComplete(ar -> vertx.cancelTimer(timer));
  }
}
