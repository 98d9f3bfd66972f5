package shop.payment;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import shop.testing.Api;
import shop.testing.Await;
import shop.testing.ShopDatabase;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static shop.payment.PaymentStack.card;

@ExtendWith(VertxExtension.class)
class PaymentApiTest {

  @RegisterExtension
  static final ShopDatabase DB = new ShopDatabase();

  static PaymentStack stack;

  @BeforeAll
  static void deploy(Vertx vertx) {
    stack = new PaymentStack(vertx, DB);
  }

  @Test
  void payingConfirmsTheOrderOnceAndSendsOneConfirmationEmail() {
    long order = stack.order(7, "75000.00");
    Api.Reply r = stack.pay(7, card(order, PaymentStack.VISA).put("amount", 75000.0));
    assertEquals(201, r.status(), r.toString());
    JsonObject p = r.json();
    assertEquals("completed", p.getString("payment_status"));
    assertTrue(p.getString("payment_id").startsWith("PAY_"));
    assertTrue(p.getString("transaction_id").startsWith("TXN_"));
    assertEquals(75000.0, p.getDouble("amount"));
    assertEquals("INR", p.getString("currency"));
    assertEquals("visa", p.getString("card_brand"));
    assertEquals("4242", p.getString("card_last_four"));
    assertEquals(7, p.getLong("user_id"));
    assertNull(p.getString("error_code"));
    assertTrue(p.getString("created_at").endsWith("Z"), p.getString("created_at"));

    stack.awaitOutboxDrained(30);
    assertEquals(List.of(new FakeOrderService.StatusCall(order, "confirmed", 200)), stack.orders.calls(order));
    assertEquals("confirmed", stack.orders.status(order));
    List<JsonObject> mails = stack.inbox.forOrder(order);
    assertEquals(1, mails.size(), mails.toString());
    JsonObject mail = mails.get(0);
    assertEquals(p.getString("payment_id") + ":payment_confirmation", mail.getString("event_id"));
    assertEquals("payment_confirmation", mail.getString("category"));
    assertEquals("user7@example.com", mail.getString("email"));
    assertEquals(7, mail.getLong("user_id"));
    assertEquals(new JsonObject().put("order_id", order).put("payment_id", p.getString("payment_id"))
      .put("amount", 75000.0).put("currency", "INR").put("payment_method", "card").put("card_last_four", "4242"),
      mail.getJsonObject("data"));
    assertEquals(1, stack.inbox.received.stream().filter(n -> n.getJsonObject("data").getLong("order_id") == order)
      .count(), "sent once, not only deduplicated");
  }

  @Test
  void anUnreachableOrderServiceIs503AndChargesNothing(Vertx vertx) throws Exception {
    int closedPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    PaymentVerticle cut = new PaymentVerticle();
    JsonObject conf = DB.config().mergeIn(stack.secrets.config()).put("PORT", 0)
      .put("ORDER_SERVICE_URL", "http://localhost:" + closedPort).put("OUTBOX_POLL_MS", 60_000);
    String id = Await.result(vertx.deployVerticle(cut, new DeploymentOptions().setConfig(conf)));
    try {
      long order = stack.order(23, "10.00");
      Api.Reply r = new Api(vertx, cut.port()).post("/payments", stack.secrets.customer(23),
        card(order, PaymentStack.VISA));
      assertEquals(503, r.status(), r.toString());
      assertEquals("service_unavailable", r.code());
      assertEquals(0, stack.count("SELECT COUNT(*) FROM payments WHERE order_id = ?", order));
    } finally {
      Await.result(vertx.undeploy(id));
    }
  }

  @Test
  void amountDifferentFromTheOrderTotalIs422AndChargesNothing() {
    long order = stack.order(8, "5000.00");
    Api.Reply r = stack.pay(8, card(order, PaymentStack.VISA).put("amount", 4999.99));
    assertEquals(422, r.status(), r.toString());
    assertEquals("amount_mismatch", r.code());
    assertNothingCharged(order);
  }

  @Test
  void someoneElsesOrderIs404AndAnUnknownOrderToo() {
    long order = stack.order(9, "100.00");
    Api.Reply r = stack.pay(10, card(order, PaymentStack.VISA));
    assertEquals(404, r.status(), r.toString());
    assertNothingCharged(order);
    assertEquals(404, stack.pay(10, card(987_654, PaymentStack.VISA)).status());
  }

  @Test
  void anAlreadyPaidOrderIs409WithANewKey() {
    long order = stack.order(11, "250.50");
    assertEquals(201, stack.pay(11, card(order, PaymentStack.VISA), "first").status());
    Api.Reply again = stack.pay(11, card(order, "5555 5555 5555 4444"), "second");
    assertEquals(409, again.status(), again.toString());
    assertEquals("already_paid", again.code());
    assertEquals(1, stack.completed(order));
    assertEquals(1, stack.count("SELECT COUNT(*) FROM payments WHERE order_id = ?", order));
  }

  @Test
  void aCancelledOrderIs409() {
    long order = stack.order(12, "10.00");
    stack.orders.add(order, 12, "10.00", "cancelled");
    Api.Reply r = stack.pay(12, card(order, PaymentStack.VISA));
    assertEquals(409, r.status(), r.toString());
    assertEquals("order_not_payable", r.code());
    assertNothingCharged(order);
  }

  @Test
  void aNumberFailingLuhnIs422() {
    long order = stack.order(13, "10.00");
    Api.Reply r = stack.pay(13, card(order, PaymentStack.NOT_LUHN));
    assertEquals(422, r.status(), r.toString());
    assertEquals("invalid_card", r.code());
    assertNothingCharged(order);
    assertEquals(0, stack.count("SELECT COUNT(*) FROM payments WHERE order_id = ?", order));
  }

  @Test
  void aDeclinedCardIs402AndTheOrderCanBePaidAfter() {
    long order = stack.order(14, "999.00");
    Api.Reply declined = stack.pay(14, card(order, PaymentStack.DECLINED));
    assertEquals(402, declined.status(), declined.toString());
    assertEquals("failed", declined.json().getString("payment_status"));
    assertEquals("card_declined", declined.json().getString("error_code"));
    assertNull(declined.json().getValue("transaction_id"));
    Api.Reply broke = stack.pay(14, card(order, PaymentStack.NO_FUNDS));
    assertEquals(402, broke.status(), broke.toString());
    assertEquals("insufficient_funds", broke.json().getString("error_code"));
    assertNothingCharged(order);
    stack.awaitOutboxDrained(30);
    assertEquals(2, stack.inbox.category("payment_failed").stream()
      .filter(n -> n.getJsonObject("data").getLong("order_id") == order).count());

    Api.Reply paid = stack.pay(14, card(order, PaymentStack.VISA));
    assertEquals(201, paid.status(), paid.toString());
    stack.awaitOutboxDrained(30);
    assertEquals("confirmed", stack.orders.status(order));
  }

  @Test
  void malformedCardFieldsAre400() {
    long order = stack.order(15, "10.00");
    JsonObject past = card(order, PaymentStack.VISA);
    past.getJsonObject("card_details").put("expiry", "01/20");
    assertEquals("validation_failed", stack.pay(15, past).code());
    JsonObject badCvv = card(order, PaymentStack.VISA);
    badCvv.getJsonObject("card_details").put("cvv", "12");
    Api.Reply r = stack.pay(15, badCvv);
    assertEquals(400, r.status());
    assertTrue(r.json().getJsonObject("details").containsKey("card_details.cvv"), r.toString());
    Api.Reply noCard = stack.pay(15, new JsonObject().put("order_id", order).put("method", "card"));
    assertEquals(400, noCard.status());
    Api.Reply badMethod = stack.pay(15, new JsonObject().put("order_id", order).put("method", "cash"));
    assertEquals(400, badMethod.status());
    assertNothingCharged(order);
  }

  @Test
  void upiAndNetbankingNeedNoCardAndAcceptTheOtherSpellings() {
    long upiOrder = stack.order(16, "20.00");
    Api.Reply upi = stack.pay(16, new JsonObject().put("order_id", upiOrder).put("method", "upi"));
    assertEquals(201, upi.status(), upi.toString());
    assertEquals("upi", upi.json().getString("payment_method"));
    assertNull(upi.json().getValue("card_last_four"));
    long bankOrder = stack.order(16, "30.00");
    Api.Reply bank = stack.pay(16, new JsonObject().put("order_id", bankOrder).put("payment_method", "netbanking"));
    assertEquals(201, bank.status(), bank.toString());
    long cardOrder = stack.order(16, "40.00");
    JsonObject alt = new JsonObject().put("order_id", cardOrder).put("method", "card")
      .put("card", new JsonObject().put("number", "3782 822463 10005").put("expiry", PaymentStack.expiry())
        .put("cvv", "1234"));
    Api.Reply amex = stack.pay(16, alt);
    assertEquals(201, amex.status(), amex.toString());
    assertEquals("amex", amex.json().getString("card_brand"));
  }

  @Test
  void theAnswerIsExactlyWhatIsStored() {
    // the 201/402 body is built from what was written, not read back: a later GET must agree field for field
    long order = stack.order(24, "1234.50");
    String owner = stack.secrets.customer(24);
    Api.Reply declined = stack.pay(24, card(order, PaymentStack.DECLINED));
    assertEquals(402, declined.status(), declined.toString());
    JsonObject failed = declined.json().copy();
    failed.remove("error");
    failed.remove("code");
    assertEquals(stack.api.get("/payments/" + failed.getString("payment_id"), owner).json(), failed);
    Api.Reply paid = stack.pay(24, card(order, PaymentStack.VISA));
    assertEquals(201, paid.status(), paid.toString());
    assertEquals(stack.api.get("/payments/" + paid.json().getString("payment_id"), owner).json(), paid.json());
  }

  @Test
  void readsAreForTheOwnerAndAdminsOnly() {
    long order = stack.order(17, "60.00");
    String pid = stack.pay(17, card(order, PaymentStack.VISA)).json().getString("payment_id");
    String owner = stack.secrets.customer(17);
    String other = stack.secrets.customer(18);
    String admin = stack.secrets.admin();

    assertEquals(pid, stack.api.get("/payments/" + pid, owner).json().getString("payment_id"));
    assertEquals(200, stack.api.get("/payments/" + pid, admin).status());
    assertEquals(404, stack.api.get("/payments/" + pid, other).status());
    assertEquals(404, stack.api.get("/payments/PAY_NOPE", owner).status());
    assertEquals(401, stack.api.get("/payments/" + pid).status());

    JsonArray byOrder = stack.api.get("/payments/order/" + order, owner).array();
    assertEquals(1, byOrder.size());
    assertEquals(404, stack.api.get("/payments/order/" + order, other).status());
    assertEquals(200, stack.api.get("/payments/order/" + order, admin).status());

    Api.Reply mine = stack.api.get("/payments/user/17", owner);
    assertEquals(200, mine.status());
    assertEquals(1, mine.array().size());
    assertEquals("1", mine.header("X-Total-Count"));
    assertEquals(404, stack.api.get("/payments/user/17", other).status());
    assertEquals(200, stack.api.get("/payments/user/17", admin).status());
  }

  @Test
  void anotherUsersOrderIs404WhetherOrNotItHasPayments() {
    long paid = stack.order(23, "15.00");
    assertEquals(201, stack.pay(23, card(paid, PaymentStack.VISA)).status());
    long unpaid = stack.order(23, "16.00");
    String owner = stack.secrets.customer(23);
    String other = stack.secrets.customer(24);

    assertEquals(1, stack.api.get("/payments/order/" + paid, owner).array().size());
    assertEquals(0, stack.api.get("/payments/order/" + unpaid, owner).array().size(), "the owner sees []");
    for (long order : new long[] {paid, unpaid, 987_654_321L}) {
      Api.Reply r = stack.api.get("/payments/order/" + order, other);
      assertEquals(404, r.status(), order + ": " + r);
      assertEquals(new JsonObject().put("error", "Order " + order + " not found").put("code", "not_found"), r.json(),
        "the same answer for paid, unpaid and unknown orders");
    }
    assertEquals(0, stack.api.get("/payments/order/" + unpaid, stack.secrets.admin()).array().size());
  }

  @Test
  void adminListsAndCountsInTheFlaskShapes() {
    long order = stack.order(19, "70.00");
    stack.pay(19, card(order, PaymentStack.VISA));
    assertEquals(403, stack.api.get("/payments", stack.secrets.customer(19)).status());
    assertEquals(403, stack.api.get("/payments/stats", stack.secrets.customer(19)).status());

    Api.Reply list = stack.api.get("/payments?per_page=2&status=completed", stack.secrets.admin());
    assertEquals(200, list.status(), list.toString());
    JsonObject pagination = list.json().getJsonObject("pagination");
    assertEquals(2, pagination.getInteger("per_page"));
    assertTrue(pagination.getLong("total") >= 1);
    assertTrue(list.json().getJsonArray("payments").stream()
      .allMatch(p -> "completed".equals(((JsonObject) p).getString("payment_status"))));
    assertEquals(400, stack.api.get("/payments?status=weird", stack.secrets.admin()).status());

    JsonObject stats = stack.api.get("/payments/stats", stack.secrets.admin()).json();
    long completed = stack.count("SELECT COUNT(*) FROM payments WHERE payment_status = 'completed'");
    assertEquals(completed, stats.getLong("completed"));
    assertEquals(stack.count("SELECT COUNT(*) FROM payments"), stats.getLong("total_payments"));
    assertEquals(stats.getLong("total_payments"),
      stats.getLong("completed") + stats.getLong("failed") + stats.getLong("refunded"));
    assertEquals(stack.rows("SELECT COALESCE(SUM(amount), 0) FROM payments WHERE payment_status = 'completed'")
      .get(0).getBigDecimal(0).doubleValue(), stats.getDouble("total_amount"));
    assertTrue(stats.getJsonObject("by_method").getLong("card") >= 1, stats.toString());
  }

  @Test
  void anOrderPastItsDeadlineIs409BeforeAnySweep() {
    long order = stack.order(14, "10.00");
    stack.orders.pastDeadline(order);
    Api.Reply r = stack.pay(14, card(order, PaymentStack.VISA));
    assertEquals(409, r.status(), r.toString());
    assertEquals("order_expired", r.code());
    assertNotNull(r.json().getString("expires_at"));
    assertNothingCharged(order);
  }

  @Test
  void adminRefundCancelsTheOrderAndSendsARefundEmail() {
    long order = stack.order(20, "80.00");
    String pid = stack.pay(20, card(order, PaymentStack.VISA)).json().getString("payment_id");
    stack.awaitOutboxDrained(30);
    assertEquals(403, stack.api.post("/payments/" + pid + "/refund", stack.secrets.customer(20), null).status());

    Api.Reply r = stack.api.post("/payments/" + pid + "/refund", stack.secrets.admin(), null);
    assertEquals(200, r.status(), r.toString());
    assertEquals("Refund processed successfully", r.json().getString("message"));
    assertEquals("refunded", r.json().getJsonObject("payment").getString("payment_status"));
    Api.Reply twice = stack.api.post("/payments/" + pid + "/refund", stack.secrets.admin(), null);
    assertEquals(409, twice.status(), twice.toString());

    stack.awaitOutboxDrained(30);
    assertEquals("cancelled", stack.orders.status(order), "a confirmed order is cancelled: its stock returns");
    assertEquals(1, stack.orders.calls(order).stream().filter(c -> c.status().equals("refunded")).count());
    List<JsonObject> refunds = stack.inbox.forOrder(order).stream()
      .filter(n -> "refund".equals(n.getString("category"))).toList();
    assertEquals(1, refunds.size());
    assertEquals("user20@example.com", refunds.get(0).getString("email"));
    assertEquals(pid + ":refund", refunds.get(0).getString("event_id"));
  }

  @Test
  void adminRefundOfAShippedOrderMakesItRefunded() {
    long order = stack.order(22, "70.00");
    String pid = stack.pay(22, card(order, PaymentStack.VISA)).json().getString("payment_id");
    stack.awaitOutboxDrained(30);
    stack.orders.add(order, 22, "70.00", "shipped");
    assertEquals(200, stack.api.post("/payments/" + pid + "/refund", stack.secrets.admin(), null).status());
    stack.awaitOutboxDrained(30);
    assertEquals("refunded", stack.orders.status(order));
    assertEquals(List.of(new FakeOrderService.StatusCall(order, "refunded", 200)),
      stack.orders.calls(order).stream().filter(c -> !c.status().equals("confirmed")).toList());
    assertEquals("delivered", stack.rows("SELECT status FROM outbox WHERE event_id = ?", pid + ":order_refunded")
      .get(0).getString(0), "the order service accepted it");
  }

  @Test
  void aFailedPaymentCannotBeRefunded() {
    long order = stack.order(21, "90.00");
    String pid = stack.pay(21, card(order, PaymentStack.DECLINED)).json().getString("payment_id");
    Api.Reply r = stack.api.post("/payments/" + pid + "/refund", stack.secrets.admin(), null);
    assertEquals(409, r.status(), r.toString());
    assertEquals(404, stack.api.post("/payments/PAY_UNKNOWN/refund", stack.secrets.admin(), null).status());
  }

  @Test
  void theCardNumberAndCvvAreNeverStoredNorSent() {
    long order = stack.order(22, "15.00");
    String number = "4111 1111 1111 1111";
    String digits = number.replace(" ", "");
    JsonObject body = card(order, number);
    body.getJsonObject("card_details").put("cvv", "9183");
    Api.Reply paid = stack.pay(22, body, "card-scan");
    assertEquals(201, paid.status(), paid.toString());
    assertEquals("1111", paid.json().getString("card_last_four"));
    Api.Reply declined = stack.pay(22, card(stack.order(22, "15.00"), PaymentStack.DECLINED));
    stack.awaitOutboxDrained(30);

    for (String response : List.of(paid.body().toString(), declined.body().toString(),
      stack.api.get("/payments/user/22", stack.secrets.customer(22)).body().toString())) {
      assertNoCard(response, digits, "9183");
      assertNoCard(response, "4000000000000002", PaymentStack.CVV);
    }
    for (String table : List.of("payments", "outbox", "idempotency_keys")) {
      stack.rows("SELECT * FROM " + table).forEach(row -> {
        for (int i = 0; i < row.size(); i++) {
          String value = String.valueOf(row.getValue(i));
          assertNoCard(value, digits, "9183");
          assertNoCard(value, "4000000000000002", "4000 0000 0000 0002");
        }
      });
    }
  }

  private static void assertNoCard(String text, String number, String secret) {
    String squeezed = text.replace(" ", "").replace("-", "");
    assertTrue(!squeezed.contains(number.replace(" ", "")), "card number leaked: " + text);
    assertTrue(!text.contains("\"" + secret + "\"") && !text.equals(secret), "CVV leaked: " + text);
  }

  private static void assertNothingCharged(long order) {
    assertEquals(0, stack.completed(order));
    assertTrue(stack.orders.calls(order).isEmpty(), "the order service was told something");
  }
}
