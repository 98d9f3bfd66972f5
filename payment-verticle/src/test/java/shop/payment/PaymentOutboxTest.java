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
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static shop.payment.PaymentStack.card;

/** What the outbox promises: nothing lost while a receiver is down, and no money kept for an order that will not ship. */
@ExtendWith(VertxExtension.class)
class PaymentOutboxTest {

  @RegisterExtension
  static final ShopDatabase DB = new ShopDatabase();

  static PaymentStack stack;

  @BeforeAll
  static void deploy(Vertx vertx) {
    stack = new PaymentStack(vertx, DB);
  }

  @Test
  void paymentsCompleteWhileTheNotificationServiceIsDownAndEveryEmailArrivesOnceItIsBack() {
    int port = stack.notificationPort();
    stack.stopNotifications();
    List<Long> orders = new ArrayList<>();
    Set<String> paymentIds = new HashSet<>();
    // ten in flight at a time: the point is the outage, not overloading a 6-connection pool
    for (int wave = 0; wave < 10; wave++) {
      List<Future<Api.Reply>> sent = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        long order = stack.order(51, "100.00");
        orders.add(order);
        sent.add(stack.send(51, card(order, PaymentStack.VISA), "down-" + order));
      }
      Await.result(Future.join(sent), 120);
      for (Future<Api.Reply> f : sent) {
        assertEquals(201, f.result().status(), f.result().toString());
        paymentIds.add(f.result().json().getString("payment_id"));
      }
    }
    Await.until("every order confirmed while notifications are down", 60,
      () -> orders.stream().allMatch(o -> "confirmed".equals(stack.orders.status(o))));
    assertTrue(stack.inbox.received.stream().noneMatch(n -> n.getLong("user_id") == 51), "nothing can have arrived yet");
    assertTrue(stack.count("SELECT COUNT(*) FROM outbox WHERE destination = 'notification' AND status = 'pending'") > 0);

    stack.startNotifications(port);
    Await.until("all 100 confirmation emails", 90, () -> stack.inbox.forUser(51).size() >= 100);
    stack.awaitOutboxDrained(60);
    assertEquals(100, stack.inbox.forUser(51).size());
    assertEquals(100, stack.inbox.received.stream().filter(n -> n.getLong("user_id") == 51).count(),
      "each email sent once, not only deduplicated");
    Set<String> emailed = new HashSet<>();
    stack.inbox.forUser(51).forEach(n -> {
      assertEquals("payment_confirmation", n.getString("category"));
      emailed.add(n.getJsonObject("data").getString("payment_id"));
    });
    assertEquals(paymentIds, emailed);
    assertEquals(100, stack.count("SELECT COUNT(*) FROM payments WHERE user_id = 51 AND payment_status = 'completed'"));
    for (long order : orders) {
      assertEquals(1, stack.orders.calls(order).size());
    }
  }

  @Test
  void anOrderThatExpiredMeanwhileIsRefundedAutomatically() {
    long order = stack.order(52, "640.00");
    stack.orders.cancelAfterRead(order);
    Api.Reply paid = stack.pay(52, card(order, PaymentStack.VISA));
    assertEquals(201, paid.status(), paid.toString());
    String pid = paid.json().getString("payment_id");

    Await.until("the automatic refund", 30, () -> "refunded".equals(
      stack.api.get("/payments/" + pid, stack.secrets.customer(52)).json().getString("payment_status")));
    stack.awaitOutboxDrained(30);
    assertEquals(List.of(new FakeOrderService.StatusCall(order, "confirmed", 409)), stack.orders.calls(order));
    List<String> categories = stack.inbox.forOrder(order).stream().map(n -> n.getString("category")).sorted().toList();
    assertEquals(List.of("payment_confirmation", "refund"), categories);
    JsonObject refund = stack.inbox.byEvent.get(pid + ":refund");
    assertEquals("user52@example.com", refund.getString("email"));
    assertEquals(0, stack.completed(order));
    assertEquals("rejected", stack.rows("SELECT status FROM outbox WHERE event_id = ?", pid + ":order_confirmed")
      .get(0).getString(0));
  }

  @Test
  void aPaidOrderCancelledByTheOrderServiceIsRefundedOnce() {
    long order = stack.order(53, "990.00");
    Api.Reply paid = stack.pay(53, card(order, PaymentStack.VISA));
    assertEquals(201, paid.status(), paid.toString());
    String pid = paid.json().getString("payment_id");
    assertEquals(403, stack.api.post("/payments/order/" + order + "/refund", stack.secrets.customer(53), null).status());

    Api.Reply first = stack.api.post("/payments/order/" + order + "/refund", stack.secrets.service(), null);
    assertEquals(200, first.status(), first.toString());
    assertEquals("refunded", first.json().getJsonObject("payment").getString("payment_status"));
    Api.Reply again = stack.api.post("/payments/order/" + order + "/refund", stack.secrets.service(), null);
    assertEquals(200, again.status());
    assertEquals(pid, again.json().getJsonObject("payment").getString("payment_id"));

    stack.awaitOutboxDrained(30);
    long refundMails = stack.inbox.received.stream()
      .filter(n -> n.getJsonObject("data").getLong("order_id") == order && "refund".equals(n.getString("category")))
      .count();
    assertEquals(1, refundMails);
    Api.Reply nothingPaid = stack.api.post("/payments/order/987654/refund", stack.secrets.service(), null);
    assertEquals(200, nothingPaid.status());
    assertEquals("No payment to refund for this order", nothingPaid.json().getString("message"));
  }
}
