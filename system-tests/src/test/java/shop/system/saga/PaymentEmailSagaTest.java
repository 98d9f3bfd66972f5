package shop.system.saga;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import shop.notification.NotificationVerticle;
import shop.order.OrderVerticle;
import shop.payment.PaymentVerticle;
import shop.product.ProductVerticle;
import shop.testing.Api;
import shop.testing.Await;
import shop.testing.ShopDatabase;
import shop.testing.TestSecrets;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The payment saga with every part real in one JVM: product, order, payment and notification
 * verticles on their own databases, GreenMail as the SMTP server.
 */
@ExtendWith(VertxExtension.class)
class PaymentEmailSagaTest {

  @RegisterExtension
  static final ShopDatabase DB = new ShopDatabase();

  static TestSecrets secrets;
  static GreenMail smtp;
  static Api products;
  static Api orders;
  static Api payments;
  static JsonObject notificationConf;
  static String notificationDeployment;
  static long productId;

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @BeforeAll
  static void start(Vertx vertx) throws IOException {
    secrets = new TestSecrets(vertx);
    smtp = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    int notificationPort = freePort();
    int paymentPort = freePort();
    JsonObject fast = secrets.config().put("OUTBOX_POLL_MS", 100).put("OUTBOX_MAX_BACKOFF_MS", 1_000)
      .put("OUTBOX_BREAKER_RESET_MS", 500).put("NOTIFICATION_POLL_MS", 200);

    ProductVerticle product = new ProductVerticle();
    Await.result(vertx.deployVerticle(product, new DeploymentOptions().setConfig(
      ShopDatabase.config(DB.another("product")).mergeIn(fast).put("PORT", 0))));
    products = new Api(vertx, product.port());

    notificationConf = ShopDatabase.config(DB.another("notification")).mergeIn(fast).put("PORT", notificationPort)
      .put("ENABLE_REAL_EMAIL_SENDING", "True").put("SMTP_SERVER", "127.0.0.1")
      .put("SMTP_PORT", smtp.getSmtp().getPort()).put("SMTP_STARTTLS", "disabled");
    notificationDeployment = Await.result(vertx.deployVerticle(new NotificationVerticle(),
      new DeploymentOptions().setConfig(notificationConf)));

    OrderVerticle order = new OrderVerticle();
    Await.result(vertx.deployVerticle(order, new DeploymentOptions().setConfig(
      ShopDatabase.config(DB.another("order")).mergeIn(fast).put("PORT", 0)
        .put("PRODUCT_SERVICE_URL", "http://localhost:" + product.port())
        .put("NOTIFICATION_SERVICE_URL", "http://localhost:" + notificationPort)
        .put("PAYMENT_SERVICE_URL", "http://localhost:" + paymentPort))));
    orders = new Api(vertx, order.port());

    PaymentVerticle payment = new PaymentVerticle();
    Await.result(vertx.deployVerticle(payment, new DeploymentOptions().setConfig(
      ShopDatabase.config(DB.another("payment")).mergeIn(fast).put("PORT", paymentPort)
        .put("ORDER_SERVICE_URL", "http://localhost:" + order.port())
        .put("NOTIFICATION_SERVICE_URL", "http://localhost:" + notificationPort))));
    payments = new Api(vertx, payment.port());

    Api.Reply created = products.post("/products", secrets.admin(),
      new JsonObject().put("name", "Laptop").put("price", 75000).put("stock", 500));
    assertEquals(201, created.status(), created.toString());
    productId = created.json().getLong("id");
  }

  @AfterAll
  static void stop() {
    if (smtp != null) {
      smtp.stop();
    }
  }

  private static long order(long userId) {
    Api.Reply r = orders.post("/orders", secrets.customer(userId), new JsonObject()
      .put("items", new JsonArray().add(new JsonObject().put("product_id", productId).put("quantity", 1))));
    assertEquals(201, r.status(), r.toString());
    return r.json().getLong("id");
  }

  private static Api.Reply pay(long userId, long orderId) {
    return payments.post("/payments", secrets.customer(userId), new JsonObject().put("order_id", orderId)
      .put("payment_method", "card").put("card", new JsonObject().put("number", "4242 4242 4242 4242")
        .put("expiry", "12/39").put("cvv", "123").put("name", "Ann")));
  }

  private static List<MimeMessage> mails(String subject) {
    return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
      try {
        return subject.equals(m.getSubject());
      } catch (jakarta.mail.MessagingException e) {
        return false;
      }
    }).toList();
  }

  private static String status(long userId, long orderId) {
    return orders.get("/orders/" + orderId, secrets.customer(userId)).json().getString("status");
  }

  @Test
  void payingConfirmsTheOrderAndSendsExactlyOneEmail() throws Exception {
    long order = order(501);
    Api.Reply paid = pay(501, order);
    assertEquals(201, paid.status(), paid.toString());
    Await.until("order confirmed", 30, () -> "confirmed".equals(status(501, order)));
    String subject = "Payment received for order #" + order;
    Await.until("the payment email", 30, () -> mails(subject).size() == 1);
    MimeMessage mail = mails(subject).get(0);
    assertEquals("user501@example.com", mail.getAllRecipients()[0].toString());
    String body = com.icegreen.greenmail.util.GreenMailUtil.getBody(mail);
    assertTrue(body.contains("75,000.00"), body);
    assertTrue(body.contains("INR"), body);
  }

  @Test
  void anAdminRefundLeavesAShippedOrderRefundedAndAConfirmedOneCancelledWithItsStock() {
    long shipped = order(601);
    long confirmed = order(602);
    String shippedPayment = pay(601, shipped).json().getString("payment_id");
    String confirmedPayment = pay(602, confirmed).json().getString("payment_id");
    Await.until("both confirmed", 30, () -> "confirmed".equals(status(601, shipped))
      && "confirmed".equals(status(602, confirmed)));
    assertEquals(200, orders.put("/orders/" + shipped + "/status", secrets.admin(),
      new JsonObject().put("status", "shipped")).status());
    int stock = products.get("/products/" + productId).json().getInteger("stock");

    for (String pid : List.of(shippedPayment, confirmedPayment)) {
      Api.Reply r = payments.post("/payments/" + pid + "/refund", secrets.admin(), null);
      assertEquals(200, r.status(), r.toString());
    }
    Await.until("the shipped order refunded", 30, () -> "refunded".equals(status(601, shipped)));
    Await.until("the confirmed order cancelled", 30, () -> "cancelled".equals(status(602, confirmed)));
    Await.until("the cancelled order's unit back in stock", 30,
      () -> products.get("/products/" + productId).json().getInteger("stock") == stock + 1);
    Await.until("two refund emails", 30, () -> mails("Refund for order #" + shipped).size() == 1
      && mails("Refund for order #" + confirmed).size() == 1);
    assertEquals(stock + 1, products.get("/products/" + productId).json().getInteger("stock"),
      "the shipped order's unit stays sold");
  }

  @Test
  void paymentsCompleteWhileTheNotificationServiceIsDownAndEveryEmailArrivesOnceItIsBack(Vertx vertx) {
    Await.result(vertx.undeploy(notificationDeployment));
    List<Long> paid = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      long user = 1_000 + i;
      long order = order(user);
      Api.Reply r = pay(user, order);
      assertEquals(201, r.status(), "payment " + i + " must not fail because emails cannot go out: " + r);
      paid.add(order);
    }
    for (int i = 0; i < 100; i += 10) {
      long order = paid.get(i);
      Await.until("order " + order + " confirmed", 30, () -> "confirmed".equals(status(1_000 + paid.indexOf(order), order)));
    }
    notificationDeployment = Await.result(vertx.deployVerticle(new NotificationVerticle(),
      new DeploymentOptions().setConfig(notificationConf)));
    Await.until("100 payment emails", 120, () -> paid.stream()
      .allMatch(o -> mails("Payment received for order #" + o).size() >= 1));
    Set<String> seen = new TreeSet<>();
    for (long o : paid) {
      assertEquals(1, mails("Payment received for order #" + o).size(), "exactly one email for order " + o);
      seen.add("Payment received for order #" + o);
    }
    assertEquals(100, seen.size());
  }
}
