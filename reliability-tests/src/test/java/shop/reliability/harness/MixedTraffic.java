package shop.reliability.harness;

import shop.testing.process.ShopClient.Customer;
import shop.testing.process.ShopClient.Reply;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Light mixed traffic through the edge touching every service's database: catalog reads, profile
 * reads, orders placed, orders read, payments, notification lists. Every request is recorded with
 * when it was sent, so a test can look at those sent during a fault.
 */
public final class MixedTraffic {

  /** One request: when it was sent (System.nanoTime), how long it took, its status and Retry-After. */
  public record Sample(String what, long sentNanos, long millis, int status, boolean retryAfter) {
  }

  private static final int KINDS = 6;

  private final Shopping shopping;
  private final Customer customer;
  private final long product;
  private final ConcurrentLinkedQueue<Long> payable = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
  private final AtomicInteger turn = new AtomicInteger();
  private volatile long lastOrder;
  private Load.Running running;

  /** A customer, a product and {@code payableOrders} orders placed in advance, for payments during the run. */
  public MixedTraffic(Shopping shopping, String tag, int payableOrders) {
    this.shopping = shopping;
    this.customer = shopping.customer(tag);
    this.product = shopping.product(tag + " item", "150.00", 100_000);
    for (int i = 0; i < payableOrders; i++) {
      payable.add(shopping.placedOrder(customer, product, 1));
    }
    lastOrder = payable.peek() == null ? 0 : payable.peek();
  }

  public MixedTraffic start(int workers, Duration atMost) {
    running = Load.start(workers, atMost, w -> step());
    return this;
  }

  /** Stops after the requests in flight have been answered (each is bounded by the client's 30 s). */
  public List<Sample> stop() {
    running.stop();
    return new ArrayList<>(samples);
  }

  public Customer customer() {
    return customer;
  }

  public long product() {
    return product;
  }

  private void step() {
    int kind = turn.getAndIncrement() % KINDS;
    long t0 = System.nanoTime();
    Reply r = switch (kind) {
      case 0 -> shopping.get("/api/products/" + product, null);
      case 1 -> shopping.get("/api/profile", customer.token());
      case 2 -> shopping.order(customer, product, 1);
      case 3 -> shopping.get("/api/orders/" + lastOrder, customer.token());
      case 4 -> {
        Long order = payable.poll();
        yield order == null ? shopping.get("/api/products", null)
          : shopping.pay(customer, order, Shopping.GOOD_CARD, "mixed-" + order);
      }
      default -> shopping.get("/api/notifications/user/" + customer.id(), customer.token());
    };
    if (kind == 2 && r.status() == 201) {
      lastOrder = r.json().getLong("id");
    }
    samples.add(new Sample(List.of("product", "profile", "order", "order-read", "payment", "notifications").get(kind),
      t0, r.millis(), r.status(), r.header("Retry-After") != null));
  }

  /** The samples in flight at some moment between two System.nanoTime() instants (sent before the end, answered after the start). */
  public static List<Sample> during(List<Sample> all, long fromNanos, long toNanos) {
    return all.stream().filter(s -> s.sentNanos() <= toNanos && s.sentNanos() + s.millis() * 1_000_000 >= fromNanos)
      .toList();
  }

  /** How many of each status, e.g. {@code {200=12, 503=40}} ({@code -1}: no answer). */
  public static String statuses(List<Sample> samples) {
    return new java.util.TreeMap<>(samples.stream().collect(java.util.stream.Collectors.groupingBy(Sample::status,
      java.util.stream.Collectors.counting()))).toString().replace(" ", "");
  }

  /** What the samples say: count, slowest, 5xx other than 503, 503s without Retry-After, unanswered. */
  public static Map<String, Long> summary(List<Sample> samples) {
    Latencies l = new Latencies();
    samples.forEach(s -> l.add(s.millis()));
    return Map.of(
      "requests", (long) samples.size(),
      "max_ms", l.max(),
      "p99_ms", l.p99(),
      "errors", samples.stream().filter(s -> s.status() >= 500 && s.status() != 503 || s.status() < 0).count(),
      "no_retry_after", samples.stream().filter(s -> s.status() == 503 && !s.retryAfter()).count(),
      "unavailable", samples.stream().filter(s -> s.status() == 503).count());
  }
}
