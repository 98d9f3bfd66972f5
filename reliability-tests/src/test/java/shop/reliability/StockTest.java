package shop.reliability;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import shop.reliability.harness.Case;
import shop.reliability.harness.Ledger;
import shop.reliability.harness.Load;
import shop.reliability.harness.Profile;
import shop.reliability.harness.Report;
import shop.reliability.harness.Shopping;
import shop.reliability.harness.Suite;
import shop.testing.process.ShopClient.Customer;
import shop.testing.process.ShopClient.Reply;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static shop.reliability.harness.Suite.ledger;
import static shop.reliability.harness.Suite.shopping;

/** T8–T9: many shoppers at once on little stock, and multi-line orders whose lines cross. */
@ExtendWith(Suite.class)
@Order(9)
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class StockTest {

  private static Shopping shopping;
  private static Ledger ledger;

  @Test
  @Case("T8")
  @DisplayName("T8: stock 10, 300 concurrent orders: exactly 10 orders, stock 0, no 5xx")
  void lastTenUnitsGoToTenOrders() {
    long product = shopping().product("T8 console", "30000.00", 10);
    List<Customer> buyers = List.of(shopping().customer("t8-a"), shopping().customer("t8-b"), shopping().customer("t8-c"));
    List<Callable<Reply>> orders = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      Customer c = buyers.get(i % buyers.size());
      orders.add(() -> shopping().order(c, product, 1));
    }
    List<Reply> answers = Load.all(300, orders);
    ledger().awaitSettled(120);
    long created = answers.stream().filter(r -> r.status() == 201).count();
    long fiveXx = answers.stream().filter(r -> r.status() >= 500 || !r.answered()).count();
    Set<Integer> statuses = new TreeSet<>(answers.stream().map(Reply::status).toList());
    int stock = ledger().stock(product);

    Report.of("T8").metric("orders", answers.size()).metric("created", created).metric("stock", stock)
      .metric("5xx", fiveXx).metric("statuses", statuses.toString().replace(" ", ""))
      .require("exactly 10 orders created, got " + created, created == 10)
      .require("stock 0, got " + stock, stock == 0)
      .require("no 5xx and no request unanswered, got " + fiveXx, fiveXx == 0)
      .require("the rest refused with 409 insufficient_stock, statuses " + statuses, Set.of(201, 409).containsAll(statuses))
      .conclude();
  }

  @Test
  @Case("T9")
  @DisplayName("T9: 200 concurrent multi-line orders in random line order: every in-stock order 201, stock conserved")
  void crossingMultiLineOrdersAllSucceed() {
    int rounds = Profile.count(1, 5);
    int perRound = 200;
    int initial = perRound * rounds * 3;
    List<Long> products = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      products.add(shopping().product("T9 part " + i, "100.00", initial));
    }
    List<Customer> buyers = List.of(shopping().customer("t9-a"), shopping().customer("t9-b"), shopping().customer("t9-c"),
      shopping().customer("t9-d"));
    long created = 0;
    long refused = 0;
    Set<String> refusals = new TreeSet<>();
    Map<Long, Integer> ordered = new LinkedHashMap<>();
    products.forEach(p -> ordered.put(p, 0));
    for (int round = 0; round < rounds; round++) {
      List<Map<Long, Integer>> bodies = new ArrayList<>();
      List<Callable<Reply>> orders = new ArrayList<>();
      for (int i = 0; i < perRound; i++) {
        Map<Long, Integer> lines = randomLines(products);
        Customer c = buyers.get(i % buyers.size());
        bodies.add(lines);
        orders.add(() -> shopping().order(c, Shopping.orderOf(lines)));
      }
      List<Reply> answers = Load.all(perRound, orders);
      for (int i = 0; i < answers.size(); i++) {
        Reply r = answers.get(i);
        if (r.status() == 201) {
          created++;
          bodies.get(i).forEach((p, q) -> ordered.merge(p, q, Integer::sum));
        } else {
          refused++;
          refusals.add(r.status() + (r.code() == null ? "" : ":" + r.code()));
        }
      }
    }
    ledger().awaitSettled(120);
    List<String> unconserved = new ArrayList<>();
    for (long p : products) {
      int stock = ledger().stock(p);
      int held = ledger().held(p);
      if (stock + held != initial || held != ordered.get(p)) {
        unconserved.add("product " + p + ": stock " + stock + " + held " + held + " != " + initial
          + " or held != ordered " + ordered.get(p));
      }
    }

    Report.of("T9").metric("orders", rounds * perRound).metric("created", created).metric("refused", refused)
      .metric("refusals", refusals.isEmpty() ? "none" : String.join(",", refusals)).metric("unconserved", unconserved.size())
      .require("every order is in stock, so every one is 201; refused " + refused + " " + refusals, refused == 0)
      .require("stock conserved: " + unconserved, unconserved.isEmpty())
      .conclude();
  }

  /** 2–5 distinct products in random order, 1–3 of each. */
  private static Map<Long, Integer> randomLines(List<Long> products) {
    List<Long> shuffled = new ArrayList<>(products);
    Collections.shuffle(shuffled);
    ThreadLocalRandom random = ThreadLocalRandom.current();
    Map<Long, Integer> lines = new LinkedHashMap<>();
    for (long p : shuffled.subList(0, 2 + random.nextInt(4))) {
      lines.put(p, 1 + random.nextInt(3));
    }
    return lines;
  }
}
