package shop.launcher;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.opentelemetry.instrumentation.logback.mdc.v1_0.OpenTelemetryAppender;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import shop.testing.Api;
import shop.testing.Await;
import shop.testing.OtlpReceiver;
import shop.testing.OtlpReceiver.ExportedSpan;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shop with tracing on, exporting over OTLP/HTTP to a real receiver in this JVM: a shopper's
 * order and payment, sent with one W3C traceparent (as a traced client would), come back as one
 * trace holding the edge, order, product's reservation, payment, the payment's outbox deliveries
 * (order confirmation, the email request), the notification service's attempt and its SMTP
 * conversation, all linked parent to child, each service under its own name.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class TracedJourneyTest {

  private final String traceId = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
  private final String clientSpan = HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private Vertx client;
  private OtlpReceiver receiver;
  private RunningShop shop;
  private Api api;

  @BeforeAll
  void startTheShopExportingToTheReceiver(@TempDir Path data) {
    client = Vertx.vertx();
    receiver = OtlpReceiver.start(client);
    shop = Launcher.start(TestShop.env(data)
      .put("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
      .put("OTEL_BSP_SCHEDULE_DELAY", "100"));
    api = new Api(client, shop.edgePort());
    // the log lines as the console gets them: through the appender that adds trace_id and span_id
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    logs.start();
    ((OpenTelemetryAppender) root.getAppender("TRACED")).addAppender(logs);
  }

  @AfterAll
  void stop() {
    if (shop != null) {
      shop.close();
    }
    if (client != null) {
      client.close();
    }
  }

  private MultiMap traced() {
    return MultiMap.caseInsensitiveMultiMap().add("traceparent", "00-" + traceId + "-" + clientSpan + "-01");
  }

  @Test
  void oneTraceFromTheOrderToTheEmailsSmtpConversation() {
    assertEquals(201, api.post("/api/register", null, new JsonObject().put("username", "tara")
      .put("email", "tara@example.com").put("password", "long-enough-1")).status());
    String token = "Bearer " + api.post("/api/login", null, new JsonObject().put("email", "tara@example.com")
      .put("password", "long-enough-1")).json().getString("token");
    Api.Reply placed = Await.result(api.send(HttpMethod.POST, "/api/orders", token, new JsonObject()
      .put("items", new JsonArray().add(new JsonObject().put("product_id", 2).put("quantity", 1)))
      .put("shipping_address", "9 Hill Road"), traced().add("Idempotency-Key", "traced-1")));
    assertEquals(201, placed.status(), placed.toString());
    long orderId = placed.json().getLong("id");
    Api.Reply paid = Await.result(api.send(HttpMethod.POST, "/api/payments", token, new JsonObject()
      .put("order_id", orderId).put("payment_method", "card").put("card", new JsonObject()
        .put("number", "4242 4242 4242 4242").put("expiry", "12/30").put("cvv", "123").put("name", "Tara")), traced()));
    assertEquals(201, paid.status(), paid.toString());
    Await.until("the payment email in the sink", 60, () -> shop.mail().recent(20).stream()
      .map(JsonObject.class::cast).anyMatch(m -> m.getString("to").contains("tara@example.com")
        && m.getString("subject").contains("#" + orderId)));

    // spans arrive in batches as they end: wait until the whole trace holds together, then say what is wrong if it never does
    try {
      Await.until("the whole trace exported", 30, () -> {
        try {
          checkTrace(receiver.trace(traceId));
          return true;
        } catch (AssertionError notYet) {
          return false;
        }
      });
    } finally {
      checkTrace(receiver.trace(traceId));
    }
    assertFalse(receiver.spans().stream().anyMatch(s -> s.name().endsWith("/health")),
      "health checks are not traced");
    Await.until("the payment's log line", 10, () -> logs.list.stream()
      .anyMatch(e -> e.getFormattedMessage().contains("order " + orderId + " paid")));
    ILoggingEvent line = logs.list.stream().filter(e -> e.getFormattedMessage().contains("order " + orderId + " paid"))
      .findFirst().orElseThrow();
    Map<String, String> mdc = line.getMDCPropertyMap();
    assertEquals(traceId, mdc.get("trace_id"), line.toString());
    assertTrue(receiver.trace(traceId).stream().anyMatch(s -> s.spanId().equals(mdc.get("span_id"))),
      "its span_id is one of the trace's");
  }

  private void checkTrace(List<ExportedSpan> trace) {
    Set<String> services = trace.stream().map(ExportedSpan::service).collect(Collectors.toSet());
    assertTrue(services.containsAll(Set.of("shop-edge", "order-service", "product-service", "payment-service",
      "notification-service")), services.toString());

    ExportedSpan reservation = one(trace, s -> s.service().equals("product-service")
      && s.name().equals("POST /reservations"));
    assertEquals("order-service", parent(trace, reservation).service(), "the order service's call reserves");
    ExportedSpan payment = one(trace, s -> s.service().equals("payment-service") && s.name().equals("POST /payments"));
    assertEquals("shop-edge POST /payments", parent(trace, payment).service() + " " + parent(trace, payment).name(),
      "the edge's call is the service's parent");
    List<ExportedSpan> relay = trace.stream().filter(s -> s.name().equals("payment-service outbox send")).toList();
    assertEquals(2, relay.size(), "the order confirmation and the email request: " + trace);
    for (ExportedSpan send : relay) {
      assertEquals("outbox enqueue", parent(trace, send).name(), "a delivery continues what the payment stored");
      assertEquals(payment.spanId(), parent(trace, parent(trace, send)).spanId());
    }
    ExportedSpan confirmation = one(trace, s -> s.service().equals("order-service")
      && s.name().equals("PUT /orders/{id}/status"));
    assertTrue(relay.contains(parent(trace, parent(trace, confirmation))), "the relay's HTTP call confirms the order");
    // the order placed its own email too (same trace: one traceparent for both requests): follow the payment's
    ExportedSpan stored = one(trace, s -> s.service().equals("notification-service")
      && s.name().equals("POST /notifications") && relay.contains(parent(trace, parent(trace, s))));
    ExportedSpan attempt = one(trace, s -> s.name().equals("notifications send")
      && parent(trace, s).parentSpanId().equals(stored.spanId()));
    assertEquals("email enqueue", parent(trace, attempt).name());
    ExportedSpan smtp = one(trace, s -> s.name().equals("smtp send") && s.parentSpanId().equals(attempt.spanId()));
    assertEquals("notification-service", smtp.service());
    assertTrue(trace.stream().anyMatch(s -> s.service().equals("payment-service")
      && s.attributes().getOrDefault("db.query.text", "").startsWith("INSERT IGNORE INTO outbox")), "SQL spans too");

    for (ExportedSpan s : trace) {
      if (!s.parentSpanId().equals(clientSpan)) {
        parent(trace, s);
      }
    }
  }

  private static ExportedSpan one(List<ExportedSpan> trace, Predicate<ExportedSpan> which) {
    List<ExportedSpan> found = trace.stream().filter(which).toList();
    assertEquals(1, found.size(), () -> "exactly one such span in " + trace);
    return found.get(0);
  }

  private static ExportedSpan parent(List<ExportedSpan> trace, ExportedSpan child) {
    return trace.stream().filter(s -> s.spanId().equals(child.parentSpanId())).findFirst()
      .orElseThrow(() -> new AssertionError("the parent of " + child + " is not in the trace " + trace));
  }
}
