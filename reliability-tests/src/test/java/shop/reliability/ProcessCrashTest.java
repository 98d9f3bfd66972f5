package shop.reliability;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import shop.reliability.harness.Case;
import shop.reliability.harness.Ledger;
import shop.reliability.harness.Load;
import shop.reliability.harness.Poll;
import shop.reliability.harness.Profile;
import shop.reliability.harness.Report;
import shop.reliability.harness.Shopping;
import shop.reliability.harness.Suite;
import shop.reliability.harness.Svc;
import shop.testing.process.ShopClient.Customer;
import shop.testing.process.ShopClient.Reply;
import shop.testing.process.ServiceProcess;
import shop.testing.process.ShopClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static shop.reliability.harness.Suite.ledger;
import static shop.reliability.harness.Suite.shop;
import static shop.reliability.harness.Suite.shopping;

/** T5 and T15: a service killed with kill -9 mid-saga, and one stopped with SIGTERM under load. */
@ExtendWith(Suite.class)
@Order(11)
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class ProcessCrashTest {

  private static final Pattern ACTIVE_REQUESTS = Pattern.compile("(?m)^vertx_http_server_active_requests\\{[^}]*} (\\S+)");

  @Test
  @Case("T5")
  @DisplayName("T5: the payment service killed (kill -9) at random moments during 200 payments: every payment has its outbox rows, all delivered")
  void killedPaymentServiceLosesNoEvent() {
    int payments = Profile.count(30, 200);
    int kills = Profile.count(1, 3);
    long product = shopping().product("T5 lamp", "750.00", payments);
    Customer buyer = shopping().customer("t5");
    Ledger.Mark mark = ledger().mark();
    List<Long> orders = shopping().placedOrders(buyer, product, payments);

    // each kill lands when a random share of the payments has been answered, so some are in flight
    List<Integer> killAt = new ArrayList<>();
    for (int k = 0; k < kills; k++) {
      killAt.add(payments * (k + 1) / (kills + 1) + ThreadLocalRandom.current().nextInt(-payments / 10, payments / 10 + 1));
    }
    AtomicInteger answered = new AtomicInteger();
    CompletableFuture<Integer> killer = CompletableFuture.supplyAsync(() -> {
      int done = 0;
      for (int at : killAt) {
        if (Poll.until(Duration.ofMinutes(5), () -> answered.get() >= at)) {
          shop().process(Svc.PAYMENT).kill();
          shop().restart(Svc.PAYMENT);
          done++;
        }
      }
      return done;
    });
    List<Callable<Shopping.Attempted>> paying = new ArrayList<>();
    for (long order : orders) {
      paying.add(() -> {
        Shopping.Attempted a = shopping().payRetrying(buyer, order, Shopping.GOOD_CARD, Duration.ofMinutes(3));
        answered.incrementAndGet();
        return a;
      });
    }
    List<Shopping.Attempted> results = Load.all(6, paying);
    int killed = killer.join();
    long paid = results.stream().filter(a -> a.reply().status() == 201).count();
    long retries = results.stream().mapToLong(a -> a.tries() - 1).sum();
    long missingEvents = ledger().halfWritten(mark, 150).paymentWithoutEvents();
    long undelivered = ledger().count("SELECT COUNT(*) FROM payment_db.outbox WHERE status <> 'delivered' AND event_id IN "
      + "(SELECT CONCAT(payment_id, ':order_confirmed') FROM payment_db.payments WHERE id > ? UNION "
      + "SELECT CONCAT(payment_id, ':payment_confirmation') FROM payment_db.payments WHERE id > ?)", mark.payment(),
      mark.payment());
    long confirmed = ledger().orderStatuses(orders).values().stream().filter("confirmed"::equals).count();
    long doubleCharged = ledger().chargesPerOrder(orders).values().stream().filter(n -> n > 1).count();

    Report.of("T5").metric("payments", payments).metric("kills", killed).metric("paid", paid).metric("retries", retries)
      .metric("missing_outbox", missingEvents).metric("undelivered", undelivered).metric("confirmed", confirmed)
      .metric("double_charged", doubleCharged)
      .require("the payment service was killed " + kills + " times, got " + killed, killed == kills)
      .require("every payment finally answered 201, got " + paid + " of " + payments + "; the others: " + results.stream()
        .filter(a -> a.reply().status() != 201).map(a -> a.reply().toString()).toList(), paid == payments)
      .require("every completed payment has its outbox rows, " + missingEvents + " do not", missingEvents == 0)
      .require("all delivered after the restarts, " + undelivered + " are not", undelivered == 0)
      .require("every order confirmed, got " + confirmed + " of " + payments, confirmed == payments)
      .require("no order charged twice, got " + doubleCharged, doubleCharged == 0)
      .conclude();
  }

  @Test
  @Case("T15")
  @DisplayName("T15: SIGTERM with 100 requests in flight: all 100 answered, the process gone within 10 s")
  void sigtermDrainsRequestsInFlight() {
    Customer buyer = shopping().customer("t15");
    long order = shopping().placedOrder(buyer, shopping().product("T15 stool", "400.00", 5), 1);
    ShopClient orders = shop().direct(Svc.ORDER);
    // the order service's database stops answering while the 100 reads arrive: they all wait, in flight
    // (on the pool or on a statement), however fast they would otherwise be answered; the SIGTERM goes
    // out once the service counts all of them, and the database answers again right after it, so the
    // drain has real work to finish, well within a read's deadline (REQUEST_TIMEOUT_MS). With added
    // latency instead, the first answers came before the last requests were counted (a read is one
    // statement), or, with more latency, the last were answered 503 by the deadline (T13's subject).
    shop().databaseLink(Svc.ORDER).freeze();
    List<CompletableFuture<Reply>> inFlight = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      inFlight.add(orders.call("GET", "/orders/" + order, buyer.token(), Map.of(), null, Duration.ofSeconds(30)));
    }
    boolean allIn = Poll.until(Duration.ofMillis(1_500), () -> activeRequests() >= 100);
    CompletableFuture<Long> exit = CompletableFuture.supplyAsync(() -> shop().process(Svc.ORDER)
      .terminate(Duration.ofSeconds(15)));
    ServiceProcess.pause(100);
    shop().databaseLink(Svc.ORDER).heal();
    long exitMs = exit.join();
    List<Reply> replies = inFlight.stream().map(CompletableFuture::join).toList();
    long answered = replies.stream().filter(r -> r.answered() && r.status() < 500).count();
    String failures = replies.stream().filter(r -> !r.answered() || r.status() >= 500).map(Reply::toString).distinct()
      .limit(3).toList().toString();

    Report.of("T15").metric("in_flight", allIn ? 100 : -1).metric("answered", answered).metric("exit_ms", exitMs)
      .require("100 requests were in flight at the SIGTERM", allIn)
      .require("all 100 answered (not 5xx, not cut), got " + answered + " " + failures, answered == 100)
      .require("exit within 10 s, took " + (exitMs < 0 ? "> 15 s" : exitMs + " ms"), exitMs >= 0 && exitMs < 10_000)
      .conclude();
  }

  /** The order service's own count of requests it is handling (Micrometer, from /metrics). */
  private static double activeRequests() {
    Reply r = shop().direct(Svc.ORDER).get("/metrics", null);
    Matcher m = ACTIVE_REQUESTS.matcher(r.body());
    double sum = 0;
    while (m.find()) {
      sum += Double.parseDouble(m.group(1));
    }
    return sum;
  }
}
