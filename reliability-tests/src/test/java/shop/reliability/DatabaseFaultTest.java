package shop.reliability;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import shop.reliability.harness.Case;
import shop.reliability.harness.FaultProxy;
import shop.reliability.harness.Latencies;
import shop.reliability.harness.Ledger;
import shop.reliability.harness.MixedTraffic;
import shop.reliability.harness.Poll;
import shop.reliability.harness.Profile;
import shop.reliability.harness.Report;
import shop.reliability.harness.Suite;
import shop.reliability.harness.Svc;
import shop.testing.process.ShopClient.Customer;
import shop.testing.process.ShopClient.Reply;
import shop.testing.process.ShopClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static shop.reliability.harness.Suite.ledger;
import static shop.reliability.harness.Suite.shop;
import static shop.reliability.harness.Suite.shopping;

/** T12, T12b, T13: the database killed, frozen, and too slow for the pool. */
@ExtendWith(Suite.class)
@Order(12)
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class DatabaseFaultTest {

  private static final Duration BEFORE_AND_AFTER = Duration.ofSeconds(2);
  private static final long FAST_MS = 2_000;
  /** "No request over ~3 s": 3 s, plus half a second for the edge and this loaded 2-core machine. */
  private static final long BOUND_MS = 3_500;
  private static final long RECOVERY_MS = 5_000;

  /** What light mixed traffic saw while the database was out, and after. */
  private record Outage(List<MixedTraffic.Sample> during, Map<String, Long> summary, long recoveryMs,
                        Ledger.HalfWritten halfWritten) {
    long get(String figure) {
      return summary.get(figure);
    }

    String statuses() {
      return MixedTraffic.statuses(during);
    }
  }

  /**
   * Light mixed traffic through the edge; {@code fault} for {@code length}, then {@code repair};
   * how long until the shop works again; what is half-written once everything has settled.
   */
  private static Outage underTraffic(String tag, Duration length, Runnable fault, Runnable repair) {
    Ledger.Mark mark = ledger().mark();
    MixedTraffic traffic = new MixedTraffic(shopping(), tag, 100).start(4, Duration.ofMinutes(5));
    Poll.hold(BEFORE_AND_AFTER);
    long t0 = System.nanoTime();
    fault.run();
    Poll.hold(length);
    repair.run();
    long up = System.nanoTime();
    long recovery = recovery(traffic.customer(), traffic.product());
    Poll.hold(BEFORE_AND_AFTER);
    List<MixedTraffic.Sample> during = MixedTraffic.during(traffic.stop(), t0, up);
    return new Outage(during, MixedTraffic.summary(during), recovery, ledger().halfWritten(mark, 45));
  }

  @Test
  @Case("T12")
  @DisplayName("T12: the database killed for 20 s: fast 503s (< 2 s), service back within 5 s, nothing half-written")
  void killedDatabase() {
    Duration down = Profile.seconds(6, 20);
    Outage o = underTraffic("t12", down, () -> {
      shop().database().kill();
      // the services reach the database through proxies: with mysqld gone they must refuse, as its port would
      shop().databaseLinks().values().forEach(FaultProxy::refuse);
    }, () -> {
      shop().database().restart();
      shop().databaseLinks().values().forEach(FaultProxy::heal);
    });

    Report.of("T12").metric("down_s", down.toSeconds()).metric("requests", o.get("requests"))
      .metric("max_ms", o.get("max_ms")).metric("p99_ms", o.get("p99_ms")).metric("unavailable", o.get("unavailable"))
      .metric("errors", o.get("errors")).metric("recovery_ms", o.recoveryMs()).metric("half_written", o.halfWritten().total())
      .require("fast answers while the database is down: max " + o.get("max_ms") + " ms < " + FAST_MS,
        o.get("max_ms") < FAST_MS)
      .require("503, never another 5xx or no answer: " + o.get("errors") + " were " + o.statuses(), o.get("errors") == 0)
      .require("service back within 5 s of the database, took " + o.recoveryMs() + " ms",
        o.recoveryMs() >= 0 && o.recoveryMs() <= RECOVERY_MS)
      .require("nothing half-written: " + o.halfWritten(), o.halfWritten().total() == 0)
      .conclude();
  }

  @Test
  @Case("T12b")
  @DisplayName("T12b: the database frozen for 20 s: no request over ~3 s (503 + Retry-After), /health 503, back within 5 s, nothing half-written")
  void frozenDatabase() {
    Duration frozen = Profile.seconds(6, 20);
    CompletableFuture<Long> healthDown = new CompletableFuture<>();
    Outage o = underTraffic("t12b", frozen, () -> {
      shop().databaseLinks().values().forEach(FaultProxy::freeze);
      // each service polled on its own: a health check takes its own timeout to answer 503
      List<CompletableFuture<Long>> each = List.of(Svc.values()).stream()
        .map(s -> CompletableFuture.supplyAsync(() -> Poll.millisUntil(frozen, () -> health(s) == 503))).toList();
      CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenRun(() -> healthDown.complete(
        each.stream().map(CompletableFuture::join).anyMatch(ms -> ms < 0) ? -1L
          : each.stream().mapToLong(CompletableFuture::join).max().orElse(-1)));
    }, () -> shop().databaseLinks().values().forEach(FaultProxy::healPartition));
    long health503 = healthDown.join();

    Report.of("T12b").metric("frozen_s", frozen.toSeconds()).metric("requests", o.get("requests"))
      .metric("max_ms", o.get("max_ms")).metric("p99_ms", o.get("p99_ms")).metric("unavailable", o.get("unavailable"))
      .metric("no_retry_after", o.get("no_retry_after")).metric("errors", o.get("errors"))
      .metric("health_503_ms", health503).metric("recovery_ms", o.recoveryMs()).metric("half_written", o.halfWritten().total())
      .require("no request over ~3 s while the database is frozen: max " + o.get("max_ms") + " ms (bound " + BOUND_MS + ")",
        o.get("max_ms") <= BOUND_MS)
      .require("503, never another 5xx or no answer: " + o.get("errors") + " were " + o.statuses(), o.get("errors") == 0)
      .require("every 503 says Retry-After, " + o.get("no_retry_after") + " did not", o.get("no_retry_after") == 0)
      .require("/health of every service 503 within 5 s, took " + health503 + " ms", health503 >= 0 && health503 <= 5_000)
      .require("service back within 5 s of the database answering again, took " + o.recoveryMs() + " ms",
        o.recoveryMs() >= 0 && o.recoveryMs() <= RECOVERY_MS)
      .require("nothing half-written: " + o.halfWritten(), o.halfWritten().total() == 0)
      .conclude();
  }

  @Test
  @Case("T13")
  @DisplayName("T13: the order service's pool exhausted by slow queries: fast 503 with Retry-After, no 500")
  void exhaustedPool() {
    Customer buyer = shopping().customer("t13");
    long order = shopping().placedOrder(buyer, shopping().product("T13 desk", "9000.00", 5), 1);
    int requests = Profile.count(300, 600);
    ShopClient orders = shop().direct(Svc.ORDER);
    // every round trip to the database takes a second more: far fewer connections than requests
    shop().databaseLink(Svc.ORDER).latency(1_000);
    List<CompletableFuture<Reply>> calls = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      calls.add(orders.call("GET", "/orders/" + order, buyer.token(), Map.of(), null, Duration.ofSeconds(60)));
    }
    List<Reply> replies = calls.stream().map(CompletableFuture::join).toList();
    shop().databaseLink(Svc.ORDER).heal();
    Latencies l = new Latencies();
    replies.forEach(r -> l.add(r.millis()));
    long ok = replies.stream().filter(r -> r.status() == 200).count();
    long unavailable = replies.stream().filter(r -> r.status() == 503).count();
    long noRetryAfter = replies.stream().filter(r -> r.status() == 503 && r.header("Retry-After") == null).count();
    long errors = replies.stream().filter(r -> r.status() >= 500 && r.status() != 503 || !r.answered()).count();

    Report.of("T13").metric("requests", requests).metric("ok", ok).metric("unavailable", unavailable)
      .metric("no_retry_after", noRetryAfter).metric("errors", errors).metric("max_ms", l.max()).metric("p99_ms", l.p99())
      .require("the pool was exhausted (some requests refused), got " + unavailable + " 503s", unavailable > 0)
      .require("no 500 or other 5xx, no request unanswered: " + errors, errors == 0)
      .require("every 503 says Retry-After, " + noRetryAfter + " did not", noRetryAfter == 0)
      .require("fast: no answer over ~3 s, max " + l.max() + " ms (bound " + BOUND_MS + ")", l.max() <= BOUND_MS)
      .conclude();
  }

  /**
   * Milliseconds from now until the shop works again end to end: every /health 200, an order
   * placed, a profile read. -1 when that did not happen within 20 s (four times the bound).
   */
  private static long recovery(Customer c, long product) {
    return Poll.millisUntil(Duration.ofSeconds(20), () -> List.of(Svc.values()).stream().allMatch(s -> health(s) == 200)
      && shopping().order(c, product, 1).status() == 201
      && shopping().get("/api/profile", c.token()).status() == 200);
  }

  private static int health(Svc s) {
    return ShopClient.await(shop().direct(s).call("GET", "/health", null, Map.of(), null, Duration.ofSeconds(10))).status();
  }
}
