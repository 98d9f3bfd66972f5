package shop.reliability;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import shop.reliability.harness.Case;
import shop.reliability.harness.FaultProxy;
import shop.reliability.harness.Load;
import shop.reliability.harness.Profile;
import shop.reliability.harness.RawHttp;
import shop.reliability.harness.Report;
import shop.reliability.harness.Shopping;
import shop.reliability.harness.Suite;
import shop.testing.process.ShopClient.Customer;
import shop.testing.process.ShopClient.Reply;
import shop.testing.process.ShopClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static shop.reliability.harness.Suite.ledger;
import static shop.reliability.harness.Suite.shop;
import static shop.reliability.harness.Suite.shopping;

/** T1–T4: Idempotency-Key on payments, replayed, raced, reused, and retried after lost responses. */
@ExtendWith(Suite.class)
@Order(1)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class IdempotencyTest {

  @Test
  @Case("T1")
  @DisplayName("T1: one payment, then 50 replays with the same key: one charge, 51 identical answers")
  void replaysAnswerTheFirstPaymentAgain() {
    Customer buyer = shopping().customer("t1");
    long order = shopping().placedOrder(buyer, shopping().product("T1 lamp", "499.00", 5), 1);
    String key = "t1-" + UUID.randomUUID();
    List<Reply> answers = new ArrayList<>();
    for (int i = 0; i < 51; i++) {
      answers.add(shopping().pay(buyer, order, Shopping.GOOD_CARD, key));
    }
    Reply first = answers.get(0);
    long identical = answers.stream().filter(r -> r.status() == first.status() && r.body().equals(first.body())).count();
    long markedReplays = answers.stream().skip(1).filter(r -> "true".equals(r.header("Idempotent-Replayed"))).count();
    long charges = ledger().chargesPerOrder(List.of(order)).get(order);

    Report.of("T1").metric("first", first.status()).metric("identical", identical).metric("replayed_header", markedReplays)
      .metric("charges", charges)
      .require("the first payment is 201, got " + first, first.status() == 201)
      .require("51 identical answers, got " + identical, identical == 51)
      .require("50 replays say Idempotent-Replayed: true, got " + markedReplays, markedReplays == 50)
      .require("one charge, got " + charges, charges == 1)
      .conclude();
  }

  @Test
  @Case("T2")
  @DisplayName("T2: 100 concurrent payments with one key: one charge, no 5xx")
  void concurrentPaymentsWithOneKeyChargeOnce() {
    Customer buyer = shopping().customer("t2");
    long order = shopping().placedOrder(buyer, shopping().product("T2 kettle", "899.00", 5), 1);
    String key = "t2-" + UUID.randomUUID();
    List<Callable<Reply>> payments = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      payments.add(() -> shopping().pay(buyer, order, Shopping.GOOD_CARD, key));
    }
    List<Reply> answers = Load.all(100, payments);
    long fiveXx = answers.stream().filter(r -> r.status() >= 500).count();
    long unanswered = answers.stream().filter(r -> !r.answered()).count();
    Set<Integer> statuses = answers.stream().map(Reply::status).collect(Collectors.toCollection(java.util.TreeSet::new));
    long charges = ledger().chargesPerOrder(List.of(order)).get(order);

    Report.of("T2").metric("requests", answers.size()).metric("statuses", statuses.toString().replace(" ", ""))
      .metric("5xx", fiveXx).metric("unanswered", unanswered).metric("charges", charges)
      .require("no 5xx, got " + fiveXx, fiveXx == 0)
      .require("every request answered, " + unanswered + " were not", unanswered == 0)
      .require("only 201 (first or replay) or 409 in flight, got " + statuses, Set.of(201, 409).containsAll(statuses))
      .require("one charge, got " + charges, charges == 1)
      .conclude();
  }

  @Test
  @Case("T3")
  @DisplayName("T3: a key with another body is 422, the same body reordered is a replay; another user's key is theirs alone")
  void keysAreBoundToTheirBodyAndTheirUser() {
    long lamp = shopping().product("T3 lamp", "299.00", 10);
    Customer ann = shopping().customer("t3-ann");
    Customer bob = shopping().customer("t3-bob");
    Customer cat = shopping().customer("t3-cat");
    long annOrder = shopping().placedOrder(ann, lamp, 1);
    long annOther = shopping().placedOrder(ann, lamp, 1);
    long bobOrder = shopping().placedOrder(bob, lamp, 1);
    String key = "t3-" + UUID.randomUUID();

    JsonObject body = ShopClient.card(annOrder, Shopping.GOOD_CARD);
    Reply first = shopping().pay(ann.token(), body, key);
    Reply otherBody = shopping().pay(ann, annOther, Shopping.GOOD_CARD, key);
    Reply reordered = shopping().pay(ann.token(), reversed(body), key);
    Reply bobOwn = shopping().pay(bob, bobOrder, Shopping.GOOD_CARD, key);
    Reply catOnAnns = shopping().pay(cat.token(), body, key);
    String annPayment = first.status() == 201 ? first.json().getString("payment_id") : "none";
    boolean leak = bobOwn.body().contains(annPayment) || catOnAnns.body().contains(annPayment)
      || "true".equals(catOnAnns.header("Idempotent-Replayed"));
    Map<Long, Long> charges = ledger().chargesPerOrder(List.of(annOrder, annOther, bobOrder));

    Report.of("T3").metric("other_body", otherBody.status()).metric("reordered", reordered.status())
      .metric("other_user_own_order", bobOwn.status()).metric("other_user_on_owner_order", catOnAnns.status())
      .metric("leak", leak ? 1 : 0)
      .require("the first payment is 201, got " + first, first.status() == 201)
      .require("same key, another body: 422, got " + otherBody, otherBody.status() == 422)
      .require("same key, same body with its fields reordered: the first answer replayed, got " + reordered,
        reordered.status() == 201 && reordered.body().equals(first.body()))
      .require("another user's key is theirs: their own order paid (201), got " + bobOwn,
        bobOwn.status() == 201 && bobOwn.json().getLong("order_id") == bobOrder)
      .require("a third user replaying the owner's key and body learns nothing (404, no replay), got " + catOnAnns,
        catOnAnns.status() == 404)
      .require("no answer of one user reaches another", !leak)
      .require("charges: owner's order 1, the other body's order 0, other user's order 1, got " + charges,
        charges.get(annOrder) == 1 && charges.get(annOther) == 0 && charges.get(bobOrder) == 1)
      .conclude();
  }

  @Test
  @Case("T4")
  @DisplayName("T4: 30 % of payment responses lost after the commit, the client retrying with its key: each order charged once")
  void lostResponsesRetriedWithTheKeyChargeOnce() {
    int payments = Profile.count(40, 300);
    long product = shopping().product("T4 mug", "99.00", payments);
    Customer buyer = shopping().customer("t4");
    List<Long> orders = shopping().placedOrders(buyer, product, payments);
    try (FaultProxy lossy = FaultProxy.start("client->edge", shop().edgePort()).dropResponses(0.3)) {
      List<Callable<int[]>> paying = new ArrayList<>();
      for (long order : orders) {
        paying.add(() -> payRetrying(lossy.port(), buyer.token(), order));
      }
      List<int[]> outcomes = Load.all(8, paying);
      long retries = outcomes.stream().mapToInt(o -> o[1]).sum();
      long notPaid = outcomes.stream().filter(o -> o[0] != 201).count();
      Map<Long, Long> charges = ledger().chargesPerOrder(orders);
      long once = charges.values().stream().filter(c -> c == 1).count();
      long twice = charges.values().stream().filter(c -> c > 1).count();

      Report.of("T4").metric("payments", payments).metric("dropped", lossy.dropped()).metric("retries", retries)
        .metric("charged_once", once).metric("charged_twice", twice).metric("not_201", notPaid)
        .require("responses were really lost (" + lossy.dropped() + ")", lossy.dropped() > 0)
        .require("every retry ends in 201 (the replay), " + notPaid + " did not", notPaid == 0)
        .require("each of " + payments + " orders charged exactly once: once " + once + ", twice or more " + twice,
          once == payments && twice == 0)
        .conclude();
    }
  }

  /** Pays through the lossy proxy, one connection per attempt, retrying with the same key: {status, retries}. */
  private static int[] payRetrying(int port, String token, long order) {
    String key = "t4-" + order + "-" + UUID.randomUUID();
    String headers = "Authorization: Bearer " + token + "\r\nIdempotency-Key: " + key + "\r\n";
    String body = ShopClient.card(order, Shopping.GOOD_CARD).encode();
    for (int attempt = 0; attempt < 10; attempt++) {
      RawHttp.Response r = RawHttp.json("127.0.0.1", port, "POST", "/api/payments", headers, body);
      if (r.status() > 0 && r.status() != 409) {
        return new int[] {r.status(), attempt};
      }
    }
    return new int[] {-1, 10};
  }

  /** The same JSON object with its fields (and those of nested objects) in the reverse order. */
  private static JsonObject reversed(JsonObject o) {
    List<String> names = new ArrayList<>(o.fieldNames());
    java.util.Collections.reverse(names);
    JsonObject out = new JsonObject();
    for (String n : names) {
      Object v = o.getValue(n);
      out.put(n, v instanceof JsonObject j ? reversed(j) : v);
    }
    return out;
  }
}
