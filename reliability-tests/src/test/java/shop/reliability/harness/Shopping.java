package shop.reliability.harness;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import shop.testing.process.ShopClient.Customer;
import shop.testing.process.ShopClient.Reply;
import shop.testing.process.ShopClient;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The shopper's and the admin's moves through the edge, as the storefront makes them: products,
 * customers, orders, payments. Requests have a 30 s bound; a transport failure is a reply with
 * status {@link ShopClient#NO_ANSWER}.
 */
public final class Shopping {

  public static final String GOOD_CARD = "4242424242424242";
  public static final String DECLINED_CARD = "4000000000000002";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final FaultyShop shop;
  private final ShopClient edge;
  private String adminToken;
  private Customer probe;
  private long probeProduct;

  public Shopping(FaultyShop shop) {
    this.shop = shop;
    this.edge = shop.edge();
  }

  public ShopClient edge() {
    return edge;
  }

  /** The bootstrap admin's token (ADMIN_EMAIL / ADMIN_PASSWORD of the generated .env). */
  public synchronized String admin() {
    if (adminToken == null) {
      Reply r = call("POST", "/api/login", null, new JsonObject().put("email", shop.env("ADMIN_EMAIL"))
        .put("password", shop.env("ADMIN_PASSWORD")).encode(), Map.of());
      expect(r, 200, "admin login");
      adminToken = r.json().getString("token");
    }
    return adminToken;
  }

  /** A new product of this test's own, so its stock is the test's to account for. */
  public long product(String name, String price, int stock) {
    Reply r = call("POST", "/api/products", admin(), new JsonObject().put("name", name + " " + UUID.randomUUID())
      .put("price", new java.math.BigDecimal(price)).put("description", "reliability suite").put("stock", stock).encode(),
      Map.of());
    expect(r, 201, "create product " + name);
    return r.json().getLong("id");
  }

  public Customer customer(String tag) {
    return edge.newCustomer(tag);
  }

  public int stock(long productId) {
    Reply r = call("GET", "/api/products/" + productId, null, null, Map.of());
    expect(r, 200, "read product " + productId);
    return r.json().getInteger("stock");
  }

  public static JsonObject orderOf(Map<Long, Integer> lines) {
    JsonArray items = new JsonArray();
    lines.forEach((id, qty) -> items.add(new JsonObject().put("product_id", id).put("quantity", qty)));
    return new JsonObject().put("items", items).put("shipping_address", "1 Reliability Road");
  }

  public Reply order(Customer c, long productId, int quantity) {
    return order(c, orderOf(Map.of(productId, quantity)));
  }

  public Reply order(Customer c, JsonObject body) {
    return call("POST", "/api/orders", c.token(), body.encode(), Map.of());
  }

  /**
   * An order a test needs in order to test something else: placed again after a 503 or no answer
   * (a breaker still open from the test before, say) for up to a minute. Its id.
   */
  public long placedOrder(Customer c, long productId, int quantity) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    Reply r = order(c, productId, quantity);
    for (int tries = 1; (r.status() == 503 || !r.answered()) && System.nanoTime() < deadline; tries++) {
      backOff(200L * Math.min(tries, 10));
      r = order(c, productId, quantity);
    }
    expect(r, 201, "create order");
    return r.json().getLong("id");
  }

  /** {@code n} orders of one unit each, placed eight at a time: their ids. */
  public List<Long> placedOrders(Customer c, long productId, int n) {
    return Load.all(8, java.util.Collections.nCopies(n, () -> placedOrder(c, productId, 1)));
  }

  /** Waits until a checkout goes through end to end (an order placed and cancelled): the shop is back to normal. */
  public void awaitCheckoutWorks() {
    synchronized (this) {
      if (probe == null) {
        probe = customer("probe");
        probeProduct = product("Probe", "1.00", 1_000_000);
      }
    }
    long order = placedOrder(probe, probeProduct, 1);
    expect(call("DELETE", "/api/orders/" + order, probe.token(), null, Map.of()), 200, "cancel the probe order");
  }

  public Reply pay(Customer c, long orderId, String card, String idempotencyKey) {
    return pay(c.token(), ShopClient.card(orderId, card), idempotencyKey);
  }

  public Reply pay(String token, JsonObject body, String idempotencyKey) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (idempotencyKey != null) {
      headers.put("Idempotency-Key", idempotencyKey);
    }
    return call("POST", "/api/payments", token, body.encode(), headers);
  }

  /** A payment and how many times the client had to try. */
  public record Attempted(Reply reply, int tries) {
  }

  /**
   * Pays as a careful client does: with one Idempotency-Key, again after no answer, a 5xx or a
   * 409 "still in flight", backing off 200 ms more each time, for up to {@code within}.
   */
  public Attempted payRetrying(Customer c, long orderId, String card, Duration within) {
    String key = "retry-" + orderId + "-" + UUID.randomUUID();
    long deadline = System.nanoTime() + within.toNanos();
    int tries = 0;
    while (true) {
      Reply r = pay(c, orderId, card, key);
      tries++;
      boolean again = !r.answered() || r.status() >= 500 || "idempotency_in_flight".equals(r.code());
      if (!again || System.nanoTime() > deadline) {
        return new Attempted(r, tries);
      }
      backOff(200L * Math.min(tries, 10));
    }
  }

  private static void backOff(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public Reply get(String path, String token) {
    return call("GET", path, token, null, Map.of());
  }

  public Reply call(String method, String path, String token, String body, Map<String, String> headers) {
    return ShopClient.await(edge.call(method, path, token, headers, body, TIMEOUT));
  }

  public static void expect(Reply r, int status, String what) {
    if (r.status() != status) {
      throw new AssertionError(what + ": expected " + status + ", got " + r);
    }
  }
}
