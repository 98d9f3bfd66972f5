package shop.notification;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shop.common.http.Ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Delivers pending notifications: a periodic poll claims due rows, and a new notification gets an
 * immediate attempt. A failed attempt waits with exponential backoff; after the last attempt the
 * notification is failed. Delivery is at least once: a claim is short and renewed while its rows
 * are being sent, and a delivery is marked the moment the SMTP server accepts it, so only an
 * instance that dies (or stalls longer than the claim) between that acceptance and the mark sends
 * an email twice, and then once more at most, as soon as its short claim runs out.
 */
final class Dispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
  /** Marking a sent email is retried this often (backoff 0.5 s, 1 s, … ≈ 14 s in all) while the claim is held. */
  private static final int MARK_ATTEMPTS = 8;

  private final Vertx vertx;
  private final DeliveryQueue queue;
  private final Mailer mailer;
  private final EmailTemplates templates;
  private final UserDirectory users;
  private final NotificationConfig.Delivery cfg;
  private final MeterRegistry metrics = Ops.registry();
  private long timer = -1;
  private boolean polling;
  private boolean stopped;

  Dispatcher(Vertx vertx, DeliveryQueue queue, Mailer mailer, EmailTemplates templates, UserDirectory users,
             NotificationConfig.Delivery cfg) {
    this.vertx = vertx;
    this.queue = queue;
    this.mailer = mailer;
    this.templates = templates;
    this.users = users;
    this.cfg = cfg;
  }

  void start() {
    if (cfg.pollMs() > 0) {
      timer = vertx.setPeriodic(cfg.pollMs(), id -> poll());
    }
  }

  void stop() {
    stopped = true;
    vertx.cancelTimer(timer);
  }

  /** One round, skipped while the previous one runs; a full batch is followed by another round at once. */
  private void poll() {
    if (polling || stopped) {
      return;
    }
    polling = true;
    runOnce().onComplete(ar -> {
      polling = false;
      if (ar.failed()) {
        LOG.warn("notification poll failed: {}", ar.cause().toString());
      } else if (ar.result() >= cfg.batchSize()) {
        vertx.runOnContext(v -> poll());
      }
    });
  }

  /** Claims the due rows and attempts each; returns how many were claimed. */
  Future<Integer> runOnce() {
    String token = UUID.randomUUID().toString();
    return queue.claimDue(token, cfg.batchSize(), cfg.claimMs())
      .compose(rows -> holding(token, () -> deliverAll(rows, token)));
  }

  /** A claim for a row about to be inserted, so that its first attempt needs no claim of its own. */
  record Claim(String token, long ms) {
  }

  Claim newClaim() {
    return new Claim(UUID.randomUUID().toString(), cfg.claimMs());
  }

  /** The immediate attempt for a row inserted under {@code claim}. */
  Future<Void> deliverClaimed(Notification n, Claim claim) {
    return holding(claim.token(), () -> deliver(n, claim.token()));
  }

  /** The immediate attempt for one notification; a no-op when another dispatcher already holds it. */
  Future<Integer> dispatchNow(long id) {
    String token = UUID.randomUUID().toString();
    return queue.claimOne(id, token, cfg.claimMs()).compose(rows -> holding(token, () -> deliverAll(rows, token)));
  }

  /**
   * Runs {@code work} while renewing the claim {@code token} every {@code renewMs}: a slow SMTP
   * server keeps the rows with their sender, and the claim can be far shorter than a send may take.
   * Renewals never overlap; the next is planned when the previous one has answered.
   */
  private <T> Future<T> holding(String token, Supplier<Future<T>> work) {
    Future<T> done = work.get();
    renewUntil(token, done);
    return done;
  }

  private void renewUntil(String token, Future<?> done) {
    vertx.setTimer(cfg.renewMs(), id -> {
      if (!done.isComplete()) {
        queue.renew(token, cfg.claimMs())
          .onFailure(err -> LOG.warn("claim {} not renewed: {}", token, err.toString()))
          .onComplete(ar -> renewUntil(token, done));
      }
    });
  }

  private Future<Integer> deliverAll(List<Notification> rows, String token) {
    List<Future<Void>> all = new ArrayList<>();
    rows.forEach(n -> all.add(deliver(n, token)));
    return Future.join(all).transform(ar -> Future.succeededFuture(rows.size()));
  }

  private Future<Void> deliver(Notification n, String token) {
    Future<String> recipient = n.recipient() != null
      ? Future.succeededFuture(n.recipient())
      : users.email(n.userId()).compose(email -> queue.setRecipient(n, token, email).map(email));
    Future<Mailer.Outcome> sent = recipient.compose(to -> mailer.deliver(to,
      templates.render(n.category(), n.title(), n.message(), n.data()),
      Map.of("X-Shop-Notification-Id", Long.toString(n.id()), "X-Shop-Event-Id", n.eventId())));
    return sent.transform(ar -> ar.succeeded() ? recordDelivery(n, token, ar.result()) : recordFailure(n, token,
        ar.cause()))
      .onFailure(err -> LOG.error("notification {}: could not record the attempt: {}", n.id(), err.toString()));
  }

  private Future<Void> recordDelivery(Notification n, String token, Mailer.Outcome outcome) {
    String status = outcome == Mailer.Outcome.SENT ? Notification.SENT : Notification.LOGGED;
    metrics.counter("notification.emails", "outcome", status).increment();
    return mark(n, token, status, 1).compose(marked -> {
      if (!marked) {
        LOG.warn("notification {} was sent but its claim had been taken over: it may go out twice", n.id());
        return Future.succeededFuture();
      }
      return queue.recordDelivered(n, status)
        .recover(err -> {
          LOG.warn("notification {} marked {} but its attempt row was not written: {}", n.id(), status, err.toString());
          return Future.succeededFuture();
        });
    });
  }

  /**
   * The email is out: until this mark lands, it would go out again once the claim lapses. A database
   * that does not answer is tried again for a while, and the claim is renewed all that time.
   */
  private Future<Boolean> mark(Notification n, String token, String status, int attempt) {
    return queue.markDelivered(n, token, status).recover(err -> {
      if (attempt >= MARK_ATTEMPTS || stopped) {
        return Future.failedFuture(err);
      }
      LOG.warn("notification {} sent, marking it failed (attempt {}), trying again: {}", n.id(), attempt, err.toString());
      return vertx.timer(500L * attempt).compose(v -> mark(n, token, status, attempt + 1));
    });
  }

  private Future<Void> recordFailure(Notification n, String token, Throwable err) {
    int attempt = n.attempts() + 1;
    boolean last = attempt >= cfg.maxAttempts() || err instanceof UserDirectory.NoRecipient;
    long delay = cfg.backoffMs(attempt, ThreadLocalRandom.current().nextDouble());
    String error = Mailer.describe(err);
    if (last) {
      LOG.warn("notification {} failed for good after attempt {}: {}", n.id(), attempt, error);
    } else {
      LOG.warn("notification {} attempt {} failed, next in {} ms: {}", n.id(), attempt, delay, error);
    }
    metrics.counter("notification.emails", "outcome", last ? Notification.FAILED : "error").increment();
    return queue.attemptFailed(n, token, error, last, delay);
  }
}
