package shop.payment;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import shop.common.http.Ops;
import shop.testing.Api;
import shop.testing.OpenApiCheck;
import shop.testing.ShopDatabase;

import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static shop.payment.PaymentStack.card;

/** {@code /openapi.json} documents exactly the routes served, and a real payment has the documented fields. */
@ExtendWith(VertxExtension.class)
class PaymentOpenApiTest {

  @RegisterExtension
  static final ShopDatabase DB = new ShopDatabase();

  static PaymentStack stack;

  @BeforeAll
  static void deploy(Vertx vertx) {
    stack = new PaymentStack(vertx, DB);
  }

  @Test
  void everyRouteIsDocumentedAndEveryDocumentedRouteIsServed(Vertx vertx) {
    JsonObject doc = stack.api.get("/openapi.json").json();
    assertEquals("3.1.0", doc.getString("openapi"));
    Router router = new PaymentRoutes(stack.secrets.auth(), null, null, null, null, null)
      .mount(Ops.serviceRouter(vertx, null, stack.secrets.auth(), PaymentRoutes.OPENAPI, null));
    assertEquals(OpenApiCheck.routed(router), OpenApiCheck.documented(doc));
  }

  @Test
  void aPaymentHasExactlyTheDocumentedFields() {
    JsonObject doc = stack.api.get("/openapi.json").json();
    JsonObject schema = doc.getJsonObject("components").getJsonObject("schemas").getJsonObject("Payment");
    long order = stack.order(41, "12.00");
    Api.Reply paid = stack.pay(41, card(order, PaymentStack.VISA));
    assertEquals(201, paid.status(), paid.toString());
    assertEquals(new TreeSet<>(schema.getJsonObject("properties").fieldNames()), new TreeSet<>(paid.json().fieldNames()));
    assertEquals(Set.copyOf(schema.getJsonArray("required").getList()), paid.json().fieldNames());
  }
}
