package shop.payment;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import shop.common.db.Database;
import shop.testing.Api;
import shop.testing.Await;
import shop.testing.ShopDatabase;
import shop.testing.TestSecrets;

import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** The real payment verticle on a fresh database, between a fake order and a fake notification service. */
final class PaymentStack {

  static final String VISA = "4242 4242 4242 4242";
  static final String DECLINED = "4000 0000 0000 0002";
  static final String NO_FUNDS = "4000-0000-0000-9995";
  static final String NOT_LUHN = "4242 4242 4242 4241";
  static final String CVV = "737";

  final Vertx vertx;
  final TestSecrets secrets;
  final FakeOrderService orders = new FakeOrderService();
  final FakeNotificationService.Inbox inbox = new FakeNotificationService.Inbox();
  final PaymentVerticle payment = new PaymentVerticle();
  final Api api;
  final Pool db;
  private final JsonObject secretConf;
  private final AtomicLong nextOrder = new AtomicLong(1000);
  private String notificationDeployment;
  private int notificationPort;

  PaymentStack(Vertx vertx, ShopDatabase database) {
    this.vertx = vertx;
    this.secrets = new TestSecrets(vertx);
    this.secretConf = secrets.config();
    Await.result(vertx.deployVerticle(orders, new DeploymentOptions().setConfig(secretConf)));
    startNotifications(0);
    JsonObject conf = database.config().mergeIn(secretConf)
      .put("PORT", 0)
      .put("ORDER_SERVICE_URL", "http://localhost:" + orders.port())
      .put("NOTIFICATION_SERVICE_URL", "http://localhost:" + notificationPort)
      .put("ORDER_SERVICE_TIMEOUT_MS", 5_000)
      .put("OUTBOX_POLL_MS", 100)
      .put("OUTBOX_BACKOFF_MS", 50)
      .put("OUTBOX_MAX_BACKOFF_MS", 1_000)
      .put("OUTBOX_BREAKER_FAILURES", 3)
      .put("OUTBOX_BREAKER_RESET_MS", 500)
      .put("OUTBOX_TIMEOUT_MS", 3_000);
    Await.result(vertx.deployVerticle(payment, new DeploymentOptions().setConfig(conf)));
    api = new Api(vertx, payment.port());
    db = Database.pool(vertx, database.db());
  }

  /** Deploys a fresh fake notification service (on {@code port}, or any port the first time). */
  void startNotifications(int port) {
    FakeNotificationService svc = new FakeNotificationService(inbox, port);
    notificationDeployment = Await.result(vertx.deployVerticle(svc, new DeploymentOptions().setConfig(secretConf)));
    notificationPort = svc.port();
  }

  void stopNotifications() {
    Await.result(vertx.undeploy(notificationDeployment));
  }

  int notificationPort() {
    return notificationPort;
  }

  /** A new pending order owned by {@code userId} in the fake order service. */
  long order(long userId, String total) {
    long id = nextOrder.incrementAndGet();
    orders.add(id, userId, total, "pending");
    return id;
  }

  static String expiry() {
    YearMonth m = YearMonth.now(ZoneOffset.UTC).plusYears(2);
    return String.format("%02d/%02d", m.getMonthValue(), m.getYear() % 100);
  }

  static JsonObject card(long orderId, String number) {
    return new JsonObject().put("order_id", orderId).put("payment_method", "card")
      .put("card_details", new JsonObject().put("number", number).put("expiry", expiry()).put("cvv", CVV)
        .put("name", "Test Buyer"));
  }

  Api.Reply pay(long userId, JsonObject body) {
    return api.post("/payments", secrets.customer(userId), body);
  }

  Api.Reply pay(long userId, JsonObject body, String idempotencyKey) {
    return Await.result(send(userId, body, idempotencyKey));
  }

  io.vertx.core.Future<Api.Reply> send(long userId, JsonObject body, String idempotencyKey) {
    return api.send(HttpMethod.POST, "/payments", secrets.customer(userId), body,
      MultiMap.caseInsensitiveMultiMap().add("Idempotency-Key", idempotencyKey));
  }

  List<Row> rows(String sql, Object... args) {
    List<Row> out = new ArrayList<>();
    Await.result(db.preparedQuery(sql).execute(Tuple.from(args))).forEach(out::add);
    return out;
  }

  long count(String sql, Object... args) {
    return rows(sql, args).get(0).getLong(0);
  }

  long completed(long orderId) {
    return count("SELECT COUNT(*) FROM payments WHERE order_id = ? AND payment_status = 'completed'", orderId);
  }

  /** Waits until the relay has nothing left to send, so "exactly once" can be asserted. */
  void awaitOutboxDrained(int seconds) {
    Await.until("the outbox to drain", seconds,
      () -> count("SELECT COUNT(*) FROM outbox WHERE status = 'pending'") == 0);
  }
}
