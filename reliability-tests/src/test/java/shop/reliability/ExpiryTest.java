package shop.reliability;

import org.junit.jupiter.api.AfterAll;
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

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static shop.reliability.harness.Suite.ledger;
import static shop.reliability.harness.Suite.shop;
import static shop.reliability.harness.Suite.shopping;

/**
 * T10 and T26: unpaid orders expiring while others are paid, and payments at or after an order's
 * deadline. The order service runs with short deadlines here (its ORDER_TTL_SECONDS and
 * ORDER_SWEEP_MS, as an operator would set them in .env), and gets its own settings back after.
 */
@ExtendWith(Suite.class)
@Order(13)
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class ExpiryTest {

  private static Map<String, String> original;

  /** The order service with these deadlines; the first change remembers the settings to give back. */
  private static void deadlines(Map<String, String> settings) {
    Map<String, String> replaced = shop().reconfigure(Svc.ORDER, settings);
    if (original == null) {
      original = replaced;
    }
  }

  @AfterAll
  static void restoreDeadlines() {
    if (original != null) {
      shop().reconfigure(Svc.ORDER, original);
    }
  }

  @Test
  @Case("T10")
  @DisplayName("T10: 300 orders, 30 % paid with declined cards, expiry sweeps: final stock = initial − paid units, nothing stuck")
  void expiredOrdersGiveTheirStockBack() {
    deadlines(Map.of("ORDER_TTL_SECONDS", "8", "ORDER_SWEEP_MS", "500"));
    int orders = Profile.count(40, 300);
    int initial = orders * 2;
    long product = shopping().product("T10 pen", "20.00", initial);
    Customer buyer = shopping().customer("t10");
    List<Callable<long[]>> journeys = new ArrayList<>();
    for (int i = 0; i < orders; i++) {
      boolean declined = i % 10 < 3;
      journeys.add(() -> {
        int quantity = 1 + ThreadLocalRandom.current().nextInt(2);
        Reply placed = shopping().order(buyer, product, quantity);
        if (placed.status() != 201) {
          return new long[] {-1, 0, 0};
        }
        long id = placed.json().getLong("id");
        Reply paid = shopping().pay(buyer, id, declined ? Shopping.DECLINED_CARD : Shopping.GOOD_CARD, null);
        return new long[] {id, quantity, paid.status()};
      });
    }
    List<long[]> results = Load.all(8, journeys);
    List<Long> ids = results.stream().filter(r -> r[0] > 0).map(r -> r[0]).toList();
    boolean settled = Poll.until(Duration.ofSeconds(90), () -> ledger().orderStatuses(ids).values().stream()
      .noneMatch(s -> s.equals("pending") || s.equals("reserving")));
    ledger().awaitSettled(120);
    int stock = ledger().stock(product);
    int sold = ledger().sold(product);
    int held = ledger().held(product);
    Map<Long, String> statuses = ledger().orderStatuses(ids);
    long stuck = statuses.values().stream().filter(s -> !s.equals("confirmed") && !s.equals("cancelled")).count();
    long declinedConfirmed = results.stream().filter(r -> r[2] == 402 && "confirmed".equals(statuses.get(r[0]))).count();
    long refused = results.stream().filter(r -> r[0] < 0).count();

    Report.of("T10").metric("orders", orders).metric("refused", refused).metric("confirmed", statuses.values().stream()
        .filter("confirmed"::equals).count()).metric("paid_units", sold).metric("initial", initial).metric("final", stock)
      .metric("stuck", stuck)
      .require("every order placed, " + refused + " refused", refused == 0)
      .require("final stock = initial - paid units: " + stock + " vs " + initial + " - " + sold, stock == initial - sold)
      .require("stock held only for paid orders: held " + held + ", sold " + sold, held == sold)
      .require("nothing stuck: every order confirmed or cancelled (" + stuck + " not)", settled && stuck == 0)
      .require("no declined order confirmed, got " + declinedConfirmed, declinedConfirmed == 0)
      .conclude();
  }

  @Test
  @Case("T26")
  @DisplayName("T26: payments racing an order's expiry, and after expires_at before a sweep: never confirmed after the deadline")
  void noOrderConfirmedAfterItsDeadline() {
    int ttl = 3;
    deadlines(Map.of("ORDER_TTL_SECONDS", String.valueOf(ttl), "ORDER_SWEEP_MS", "0"));
    int races = Profile.count(20, 60);
    long product = shopping().product("T26 clock", "700.00", races + 10);
    Customer buyer = shopping().customer("t26");
    Ledger.Mark mark = ledger().mark();

    long late = shopping().placedOrder(buyer, product, 1);
    Instant lateDeadline = expiresAt(buyer, late);
    Poll.until(Duration.ofSeconds(ttl + 10), () -> Instant.now().isAfter(lateDeadline.plusMillis(500)));
    Reply afterDeadline = shopping().pay(buyer, late, Shopping.GOOD_CARD, null);

    // the others are paid within half a second either side of their deadline
    List<Callable<Integer>> racing = new ArrayList<>();
    for (int i = 0; i < races; i++) {
      racing.add(() -> {
        long id = shopping().placedOrder(buyer, product, 1);
        Instant deadline = expiresAt(buyer, id).plusMillis(ThreadLocalRandom.current().nextLong(-500, 500));
        Poll.until(Duration.ofSeconds(ttl + 10), () -> !Instant.now().isBefore(deadline));
        return shopping().pay(buyer, id, Shopping.GOOD_CARD, null).status();
      });
    }
    List<Integer> raced = Load.all(8, racing);
    ledger().awaitSettled(120);
    long confirmedLate = ledger().count("SELECT COUNT(*) FROM order_db.orders o JOIN payment_db.payments p "
      + "ON p.order_id = o.id AND p.payment_status = 'completed' WHERE o.id > ? AND o.status IN "
      + "('confirmed','shipped','delivered') AND p.created_at > o.expires_at", mark.order());
    long chargedUnshipped = ledger().count("SELECT COUNT(*) FROM order_db.orders o WHERE o.id > ? AND o.status IN "
      + "('pending','cancelled') AND EXISTS (SELECT 1 FROM payment_db.payments p WHERE p.order_id = o.id "
      + "AND p.payment_status = 'completed')", mark.order());
    int stock = ledger().stock(product);
    int held = ledger().held(product);
    String lateStatus = ledger().orderStatuses(List.of(late)).get(late);
    long fiveXx = raced.stream().filter(s -> s >= 500).count() + (afterDeadline.status() >= 500 ? 1 : 0);

    Report.of("T26").metric("races", races).metric("late_payment", afterDeadline.status()).metric("late_order", lateStatus)
      .metric("confirmed_after_deadline", confirmedLate).metric("charged_not_shipping", chargedUnshipped)
      .metric("5xx", fiveXx)
      .require("a payment after expires_at (no sweep yet) does not confirm the order: " + afterDeadline.status() + ", order "
        + lateStatus, !"confirmed".equals(lateStatus))
      .require("no order confirmed by a payment made after its deadline, got " + confirmedLate, confirmedLate == 0)
      .require("money conserved: no completed payment on an order that will not ship, got " + chargedUnshipped,
        chargedUnshipped == 0)
      .require("stock conserved: stock " + stock + " + held " + held + " = " + (races + 10),
        stock + held == races + 10)
      .require("no 5xx, got " + fiveXx, fiveXx == 0)
      .conclude();
  }

  private static Instant expiresAt(Customer c, long order) {
    Reply r = shopping().get("/api/orders/" + order, c.token());
    Shopping.expect(r, 200, "read order " + order);
    String at = r.json().getString("expires_at");
    return at.endsWith("Z") || at.contains("+") ? OffsetDateTime.parse(at).toInstant() : Instant.parse(at + "Z");
  }
}
