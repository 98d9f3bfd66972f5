package shop.payment;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import shop.testing.Api;
import shop.testing.Await;
import shop.testing.ShopDatabase;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static shop.payment.PaymentStack.card;

/** No double charge, whatever the client retries: one key replays, and one order takes one charge. */
@ExtendWith(VertxExtension.class)
class PaymentIdempotencyTest {

  @RegisterExtension
  static final ShopDatabase DB = new ShopDatabase();

  static PaymentStack stack;

  @BeforeAll
  static void deploy(Vertx vertx) {
    stack = new PaymentStack(vertx, DB);
  }

  @Test
  void theSameKeyReplayedFiftyTimesChargesOnce() {
    long order = stack.order(31, "1200.00");
    JsonObject body = card(order, PaymentStack.VISA).put("amount", 1200.0);
    Api.Reply first = stack.pay(31, body, "seq-key");
    assertEquals(201, first.status(), first.toString());
    for (int i = 0; i < 50; i++) {
      Api.Reply again = stack.pay(31, body, "seq-key");
      assertEquals(201, again.status(), again.toString());
      assertEquals(first.json(), again.json());
      assertEquals("true", again.header("Idempotent-Replayed"));
    }
    assertEquals(1, stack.completed(order));
    assertEquals(1, stack.count("SELECT COUNT(*) FROM payments WHERE order_id = ?", order));
    stack.awaitOutboxDrained(30);
    assertEquals(1, stack.orders.calls(order).size());
  }

  @Test
  void aHundredConcurrentRequestsWithOneKeyChargeOnce() {
    long order = stack.order(32, "300.00");
    JsonObject body = card(order, PaymentStack.VISA);
    List<Future<Api.Reply>> sent = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      sent.add(stack.send(32, body, "burst-key"));
    }
    Await.result(Future.join(sent), 120);
    JsonObject charged = null;
    int created = 0;
    for (Future<Api.Reply> f : sent) {
      Api.Reply r = f.result();
      assertTrue(r.status() == 201 || r.status() == 409, r.toString());
      if (r.status() == 201) {
        created++;
        if (charged == null) {
          charged = r.json();
        }
        assertEquals(charged, r.json());
      } else {
        assertEquals("idempotency_in_flight", r.code());
      }
    }
    assertTrue(created >= 1, "someone got the payment");
    assertEquals(1, stack.completed(order));
    assertEquals(1, stack.count("SELECT COUNT(*) FROM payments WHERE order_id = ?", order));
    Api.Reply later = stack.pay(32, body, "burst-key");
    assertEquals(charged, later.json());
    assertEquals("true", later.header("Idempotent-Replayed"));
  }

  @Test
  void concurrentPaymentsWithDifferentKeysStillChargeTheOrderOnce() {
    long order = stack.order(33, "450.00");
    List<Future<Api.Reply>> sent = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      sent.add(stack.send(33, card(order, PaymentStack.VISA), "race-" + i));
    }
    Await.result(Future.join(sent), 120);
    int created = 0;
    for (Future<Api.Reply> f : sent) {
      Api.Reply r = f.result();
      if (r.status() == 201) {
        created++;
      } else {
        assertEquals(409, r.status(), r.toString());
        assertEquals("already_paid", r.code());
      }
    }
    assertEquals(1, created);
    assertEquals(1, stack.completed(order));
  }

  @Test
  void theSameKeyWithAnotherBodyIs422() {
    long order = stack.order(34, "10.00");
    assertEquals(201, stack.pay(34, card(order, PaymentStack.VISA), "reused").status());
    Api.Reply other = stack.pay(34, card(order, "5555 5555 5555 4444"), "reused");
    assertEquals(422, other.status(), other.toString());
    assertEquals("idempotency_key_reused", other.code());
    assertEquals(1, stack.completed(order));
  }

  @Test
  void theSameBodyWithItsCardFieldsReorderedIsAReplay() {
    long order = stack.order(36, "20.00");
    JsonObject body = card(order, PaymentStack.VISA);
    Api.Reply first = stack.pay(36, body, "reordered");
    assertEquals(201, first.status(), first.toString());
    JsonObject card = body.getJsonObject("card_details");
    JsonObject reversedCard = new JsonObject();
    List<String> names = new ArrayList<>(card.fieldNames());
    java.util.Collections.reverse(names);
    names.forEach(n -> reversedCard.put(n, card.getValue(n)));
    JsonObject reordered = new JsonObject().put("card_details", reversedCard);
    body.fieldNames().stream().filter(n -> !n.equals("card_details")).forEach(n -> reordered.put(n, body.getValue(n)));
    Api.Reply again = stack.pay(36, reordered, "reordered");
    assertEquals(201, again.status(), again.toString());
    assertEquals(first.json(), again.json());
    assertEquals("true", again.header("Idempotent-Replayed"));
    assertEquals(1, stack.completed(order));
  }

  @Test
  void aDeclineIsReplayedTooAndANewKeyMayPayAfterIt() {
    long order = stack.order(35, "10.00");
    JsonObject declined = card(order, PaymentStack.DECLINED);
    Api.Reply first = stack.pay(35, declined, "decl");
    assertEquals(402, first.status(), first.toString());
    Api.Reply replay = stack.pay(35, declined, "decl");
    assertEquals(402, replay.status());
    assertEquals(first.json(), replay.json());
    assertEquals(1, stack.count("SELECT COUNT(*) FROM payments WHERE order_id = ?", order));
    assertEquals(201, stack.pay(35, card(order, PaymentStack.VISA), "decl-2").status());
  }
}
