package shop.reliability;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import shop.reliability.harness.Case;
import shop.reliability.harness.Latencies;
import shop.reliability.harness.Load;
import shop.reliability.harness.Poll;
import shop.reliability.harness.Profile;
import shop.reliability.harness.Report;
import shop.reliability.harness.Shopping;
import shop.reliability.harness.Suite;
import shop.reliability.harness.Svc;
import shop.testing.process.MailBox;
import shop.testing.process.ShopClient.Customer;
import shop.testing.process.ShopClient.Reply;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static shop.reliability.harness.Suite.ledger;
import static shop.reliability.harness.Suite.shop;
import static shop.reliability.harness.Suite.shopping;

/** T6–T7: the notification service killed, then unreachable, while customers keep paying. */
@ExtendWith(Suite.class)
@Order(10)
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class NotificationOutageTest {

  /** An email may be sent twice only if its first copy left in the moment before the kill. */
  private static final Duration IN_FLIGHT_WINDOW = Duration.ofSeconds(2);
  /** OUTBOX_BACKOFF_MS, the relays' first retry delay (doubling from there). */
  private static final long BACKOFF_MS = 500;
  /** OUTBOX_TIMEOUT_MS, how long a relay waits for an answer. */
  private static final long TIMEOUT_MS = 5_000;

  @Test
  @Case("T6")
  @DisplayName("T6: the notification service killed for 20 s during 200 payments: every email sent, duplicates counted and bounded")
  void everyEmailArrivesAfterANotificationCrash() {
    int payments = Profile.count(30, 200);
    Duration down = Profile.seconds(6, 20);
    long product = shopping().product("T6 vase", "320.00", payments);
    Customer buyer = shopping().customer("t6");
    List<Long> orders = shopping().placedOrders(buyer, product, payments);
    AtomicInteger answered = new AtomicInteger();
    AtomicLong killedAt = new AtomicLong();
    CompletableFuture<Void> outage = CompletableFuture.runAsync(() -> {
      Poll.until(Duration.ofMinutes(5), () -> answered.get() >= payments / 4);
      shop().process(Svc.NOTIFICATION).kill();
      killedAt.set(System.currentTimeMillis());
      Poll.hold(down);
      shop().restart(Svc.NOTIFICATION);
    });
    List<Callable<String>> paying = new ArrayList<>();
    for (long order : orders) {
      paying.add(() -> {
        Reply r = shopping().payRetrying(buyer, order, Shopping.GOOD_CARD, Duration.ofMinutes(2)).reply();
        answered.incrementAndGet();
        return r.status() == 201 ? r.json().getString("payment_id") : null;
      });
    }
    List<String> paid = Load.all(4, paying);
    outage.join();
    MailBox inbox = shop().mailBox();
    long t0 = System.nanoTime();
    boolean allArrived = Poll.until(Duration.ofSeconds(120), () -> paid.stream()
      .allMatch(p -> p != null && !inbox.about(buyer.email(), p).isEmpty()));
    long waitedS = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
    List<MailBox.Mail> mails = inbox.to(buyer.email());
    long missing = 0;
    long duplicates = 0;
    long outsideWindow = 0;
    int maxCopies = 0;
    Instant kill = Instant.ofEpochMilli(killedAt.get());
    for (String p : paid) {
      List<MailBox.Mail> copies = p == null ? List.of() : mails.stream().filter(m -> m.text().contains(p)).toList();
      missing += copies.isEmpty() ? 1 : 0;
      duplicates += Math.max(0, copies.size() - 1);
      maxCopies = Math.max(maxCopies, copies.size());
      if (copies.size() > 1) {
        Instant first = copies.stream().map(MailBox.Mail::received).min(Instant::compareTo).orElseThrow();
        if (first.isBefore(kill.minus(IN_FLIGHT_WINDOW)) || first.isAfter(kill)) {
          outsideWindow++;
        }
      }
    }

    Report.of("T6").metric("payments", payments).metric("down_s", down.toSeconds()).metric("emails", mails.size())
      .metric("missing", missing).metric("duplicates", duplicates).metric("max_copies", maxCopies)
      .metric("dup_outside_window", outsideWindow).metric("all_sent_after_s", allArrived ? waitedS : -1)
      .require("every payment answered 201", paid.stream().allMatch(p -> p != null))
      .require("every payment email sent, " + missing + " missing", missing == 0 && allArrived)
      .require("an email is sent at most twice, max " + maxCopies, maxCopies <= 2)
      .require("only emails in flight at the kill (first copy within " + IN_FLIGHT_WINDOW.toSeconds()
        + " s before it) are sent twice, " + outsideWindow + " others were", outsideWindow == 0)
      .conclude();
  }

  @Test
  @Case("T7")
  @DisplayName("T7: the notification service blackholed for 60 s: breakers open, payment p99 unchanged, relay retries bounded")
  void blackholedNotificationsCostPaymentsNothing() {
    Duration phase = Profile.seconds(5, 30);
    // short enough for CI, long enough for two relay rounds of OUTBOX_TIMEOUT_MS to fail and open the breakers
    Duration blackhole = Profile.seconds(15, 60);
    long product = shopping().product("T7 rug", "1200.00", 100_000);
    Customer buyer = shopping().customer("t7");
    Latencies before = payFor(buyer, product, phase);
    Object start = dbNow();
    shop().serviceLink(Svc.NOTIFICATION).freeze();
    AtomicLong circuitOpen = new AtomicLong();
    Load.Running watch = Load.start(1, blackhole, w -> {
      circuitOpen.accumulateAndGet(ledger().count("SELECT COUNT(*) FROM payment_db.outbox WHERE destination = 'notification' "
        + "AND status = 'pending' AND last_error = 'circuit open'"), Math::max);
      Poll.hold(Duration.ofMillis(500));
    });
    Latencies during = payFor(buyer, product, blackhole);
    watch.await();
    Object end = dbNow();
    shop().serviceLink(Svc.NOTIFICATION).heal();
    // a failed attempt is recorded when it times out: those sent before the heal are recorded up to OUTBOX_TIMEOUT_MS after it
    List<List<Object>> attempts = ledger().rows("SELECT x.event_id, COUNT(*) FROM payment_db.outbox_attempts a "
      + "JOIN payment_db.outbox x ON x.id = a.outbox_id WHERE x.destination = 'notification' AND a.attempted_at "
      + "BETWEEN ? AND ? + INTERVAL " + (TIMEOUT_MS / 1000 + 1) + " SECOND "
      + "AND (a.status_code IS NULL OR a.status_code >= 500) GROUP BY x.event_id", start, end);
    long total = attempts.stream().mapToLong(r -> ((Number) r.get(1)).longValue()).sum();
    long maxPerEvent = attempts.stream().mapToLong(r -> ((Number) r.get(1)).longValue()).max().orElse(0);
    // the backoff doubles from OUTBOX_BACKOFF_MS: over the blackhole an event can be tried about log2(length/base) times
    long bound = 2 + (long) Math.ceil(Math.log((double) blackhole.toMillis() / BACKOFF_MS) / Math.log(2));
    boolean drained = Poll.until(Duration.ofSeconds(120), () -> ledger().count("SELECT COUNT(*) FROM payment_db.outbox "
      + "WHERE destination = 'notification' AND status = 'pending'") == 0);
    long unchangedBound = 2 * before.p99() + 100;

    Report.of("T7").metric("blackhole_s", blackhole.toSeconds()).metric("p99_before_ms", before.p99())
      .metric("p99_during_ms", during.p99()).metric("payments_during", during.count())
      .metric("circuit_open_rows", circuitOpen.get()).metric("relay_attempts", total).metric("max_per_event", maxPerEvent)
      .metric("drained_after", drained ? "yes" : "no")
      .require("the breaker opened (rows waiting with 'circuit open')", circuitOpen.get() > 0)
      .require("payment p99 unchanged: " + during.p99() + " ms during vs " + before.p99() + " ms before (bound "
        + unchangedBound + ")", during.p99() <= unchangedBound)
      .require("relay retries bounded: at most " + bound + " attempts per email over the blackhole, max " + maxPerEvent,
        maxPerEvent <= bound)
      .require("every queued email delivered once the service answers again", drained)
      .conclude();
  }

  /** One customer placing and paying orders for {@code length}, two at a time: the payments' response times. */
  private static Latencies payFor(Customer buyer, long product, Duration length) {
    Latencies l = new Latencies();
    Load.start(2, length, w -> {
      long order = shopping().placedOrder(buyer, product, 1);
      Reply r = shopping().pay(buyer, order, Shopping.GOOD_CARD, null);
      Shopping.expect(r, 201, "payment");
      l.add(r.millis());
    }).await();
    return l;
  }

  /** The database's clock: the outbox writes its times with UTC_TIMESTAMP(3). */
  private static Object dbNow() {
    return ledger().rows("SELECT UTC_TIMESTAMP(3)").get(0).get(0);
  }
}
