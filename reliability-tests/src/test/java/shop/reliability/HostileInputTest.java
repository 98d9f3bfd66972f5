package shop.reliability;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import shop.reliability.harness.Case;
import shop.reliability.harness.Fixture;
import shop.reliability.harness.RawHttp;
import shop.reliability.harness.Report;
import shop.reliability.harness.Shopping;
import shop.reliability.harness.Suite;
import shop.reliability.harness.Svc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static shop.reliability.harness.Suite.shop;
import static shop.reliability.harness.Suite.shopping;

/** T22: bodies, numbers, pages and characters no form would send. */
@ExtendWith(Suite.class)
@Order(5)
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class HostileInputTest {

  private static final long FAST_MS = 100;
  private static final String MAX_PRICE = "9999999999.99";

  /** One hostile request: where it goes, and what besides a 4xx is a correct answer to it. */
  private record Hostile(String name, Svc direct, String method, String path, String token, byte[] body,
                         Set<Integer> alsoCorrect) {
    RawHttp.Response send() {
      int port = direct == null ? shop().edgePort() : shop().port(direct);
      String path = direct == null ? "/api" + this.path : this.path;
      String headers = (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
        + (body.length > 0 ? "Content-Type: application/json\r\n" : "");
      return RawHttp.bytes(port, method, path, headers, body);
    }
  }

  @Test
  @Case("T22")
  @DisplayName("T22: huge bodies, deep JSON, huge pages, 100k lines, overflowing amounts, NUL and odd Unicode: 4xx within 100 ms")
  void hostileInputIsRefusedQuickly() {
    List<Hostile> cases = hostileCases();
    cases.forEach(Hostile::send); // once to warm the paths up: the bound is about steady answers, not the JIT
    List<String> wrong = new ArrayList<>();
    long slow = 0;
    long fiveXx = 0;
    long max = 0;
    for (Hostile h : cases) {
      RawHttp.Response r = h.send();
      max = Math.max(max, r.millis());
      boolean correct = r.status() >= 400 && r.status() < 500 || h.alsoCorrect().contains(r.status());
      if (!correct) {
        wrong.add(h.name() + " -> " + r.status() + " " + abbreviate(r.body()));
      }
      fiveXx += r.status() >= 500 || r.status() < 0 ? 1 : 0;
      if (r.millis() > FAST_MS) {
        slow++;
        wrong.add(h.name() + " took " + r.millis() + " ms");
      }
    }

    Report.of("T22").metric("cases", cases.size()).metric("wrong", wrong.size()).metric("5xx", fiveXx)
      .metric("slow", slow).metric("max_ms", max)
      .require("every hostile request refused with a 4xx within " + FAST_MS + " ms, never 5xx: " + wrong, wrong.isEmpty())
      .conclude();
  }

  private List<Hostile> hostileCases() {
    Fixture f = Fixture.purchase(shopping(), "t22");
    String customer = f.customer().token();
    String admin = shopping().admin();
    long dear = shopping().product("T22 yacht", MAX_PRICE, 10);
    long dearer = shopping().product("T22 island", MAX_PRICE, 10);
    Set<Integer> page = Set.of(200);
    List<Hostile> c = new ArrayList<>();
    c.add(json("1 MiB body at the edge", null, "POST", "/orders", customer, "{\"x\":\"" + "a".repeat(1 << 20) + "\"}"));
    c.add(json("1 MiB body at the service", Svc.ORDER, "POST", "/orders", customer, "{\"x\":\"" + "a".repeat(1 << 20) + "\"}"));
    c.add(json("200 KiB registration", Svc.USER, "POST", "/register", null, "{\"email\":\"" + "a".repeat(200_000) + "\"}"));
    c.add(json("JSON nested 20,000 arrays deep", null, "POST", "/orders", customer,
      "{\"items\":" + "[".repeat(20_000) + "]".repeat(20_000) + "}"));
    c.add(json("JSON nested 5,000 objects deep", null, "POST", "/register", null, "{\"a\":".repeat(5_000) + "1"
      + "}".repeat(5_000)));
    for (String q : List.of("per_page=1000000", "page=2147483647", "page=2147483647&per_page=100")) {
      c.add(new Hostile("products ?" + q, null, "GET", "/products?" + q, null, new byte[0], page));
      c.add(new Hostile("own orders ?" + q, null, "GET", "/orders/user/" + f.customer().id() + "?" + q, customer,
        new byte[0], page));
      c.add(new Hostile("own notifications ?" + q, null, "GET", "/notifications/user/" + f.customer().id() + "?" + q,
        customer, new byte[0], page));
      c.add(new Hostile("own payments ?" + q, null, "GET", "/payments/user/" + f.customer().id() + "?" + q, customer,
        new byte[0], page));
      for (String list : List.of("/orders", "/users", "/payments", "/notifications")) {
        c.add(new Hostile("admin " + list + " ?" + q, null, "GET", list + "?" + q, admin, new byte[0], page));
      }
    }
    c.add(new Hostile("page beyond a long", null, "GET", "/products?page=99999999999999999999", null, new byte[0], Set.of()));
    c.add(new Hostile("negative per_page", null, "GET", "/products?per_page=-5", null, new byte[0], Set.of()));
    c.add(json("100,000 order lines", null, "POST", "/orders", customer, lines(f.productId(), 100_000)));
    c.add(json("2,000 order lines (under 64 KiB)", null, "POST", "/orders", customer, lines(f.productId(), 2_000)));
    c.add(json("order total over DECIMAL(12,2)", null, "POST", "/orders", customer,
      Shopping.orderOf(Map.of(dear, 2)).encode()));
    c.add(json("order lines summing over DECIMAL(12,2)", null, "POST", "/orders", customer,
      Shopping.orderOf(Map.of(dear, 1, dearer, 1)).encode()));
    for (String price : List.of("1e13", "1e400", "-1", "\"NaN\"")) {
      c.add(json("product price " + price, null, "POST", "/products", admin,
        "{\"name\":\"T22 price\",\"price\":" + price + ",\"stock\":1}"));
    }
    c.add(json("product stock over an int", null, "POST", "/products", admin, "{\"name\":\"T22\",\"price\":1,\"stock\":3000000000}"));
    for (String qty : List.of("2147483648", "1e20", "1000000", "1.5")) {
      c.add(json("quantity " + qty, null, "POST", "/orders", customer,
        "{\"items\":[{\"product_id\":" + f.productId() + ",\"quantity\":" + qty + "}]}"));
    }
    for (String amount : List.of("1e308", "-1", "\"NaN\"", "12345678901234567890.5")) {
      c.add(json("payment amount " + amount, null, "POST", "/payments", customer, "{\"order_id\":" + f.orderId()
        + ",\"amount\":" + amount + ",\"payment_method\":\"upi\"}"));
    }
    Map<String, String> odd = new LinkedHashMap<>();
    odd.put("NUL", "\\u0000");
    odd.put("lone surrogate", "\\ud800");
    odd.put("RTL override", "\\u202e");
    odd.put("zero-width space", "\\u200b");
    odd.put("BOM", "\\ufeff");
    odd.put("bell", "\\u0007");
    odd.forEach((what, ch) -> {
      c.add(json(what + " in a username", null, "POST", "/register", null, "{\"username\":\"ab" + ch + "cd\",\"email\":\"odd"
        + System.nanoTime() + "@example.com\",\"password\":\"Pw-long-enough\"}"));
      c.add(json(what + " in a first name", null, "POST", "/register", null, "{\"username\":\"odd" + System.nanoTime()
        + "\",\"email\":\"odd" + System.nanoTime() + "@example.com\",\"password\":\"Pw-long-enough\",\"first_name\":\"Ann"
        + ch + "\"}"));
      c.add(json(what + " in a profile name", null, "PUT", "/profile", customer, "{\"last_name\":\"Lee" + ch + "\"}"));
      c.add(json(what + " in a shipping address", null, "POST", "/orders", customer, "{\"items\":[{\"product_id\":"
        + f.productId() + ",\"quantity\":1}],\"shipping_address\":\"1 Road" + ch + "\"}"));
      c.add(json(what + " in a product name", null, "POST", "/products", admin, "{\"name\":\"Lamp" + ch
        + "\",\"price\":1,\"stock\":1}"));
    });
    c.add(new Hostile("invalid UTF-8 body", null, "POST", "/register", null,
      new byte[] {'{', '"', 'e', 'm', 'a', 'i', 'l', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}, Set.of()));
    return c;
  }

  private static Hostile json(String name, Svc direct, String method, String path, String token, String body) {
    return new Hostile(name, direct, method, path, token, body.getBytes(StandardCharsets.UTF_8), Set.of());
  }

  private static String lines(long product, int n) {
    StringBuilder b = new StringBuilder("{\"items\":[");
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ",").append("{\"product_id\":").append(product).append(",\"quantity\":1}");
    }
    return b.append("]}").toString();
  }

  private static String abbreviate(String s) {
    return s == null ? "" : s.length() > 160 ? s.substring(0, 160) + "…" : s;
  }
}
