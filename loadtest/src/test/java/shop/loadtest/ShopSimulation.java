package shop.loadtest;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The shopper journey (browse, search, register or log in, order, pay, check the order) and a
 * browse-heavy mix, injected as an open model: new visitors arrive at {@code -Drate} per second
 * for {@code -Dduration} seconds whatever the shop's latency, so a slow shop shows up as latency
 * and errors instead of as fewer requests.
 *
 * <p>{@code -Dbase.url} is the edge ({@code http://localhost:8081/api}); {@code -Durl.product},
 * {@code -Durl.user}, {@code -Durl.order}, {@code -Durl.payment} override it per service when
 * they run without an edge (not {@code user.url}: the plugin does not pass {@code user.*} on).
 */
public class ShopSimulation extends Simulation {

  private static final String BASE = System.getProperty("base.url", "http://localhost:8081/api");
  private static final String PRODUCT = service("url.product");
  private static final String USER = service("url.user");
  private static final String ORDER = service("url.order");
  private static final String PAYMENT = service("url.payment");
  private static final double RATE = Double.parseDouble(System.getProperty("rate", "20"));
  private static final long DURATION = seconds(System.getProperty("duration", "30"));
  private static final long RAMP = seconds(System.getProperty("ramp", "5"));
  /** The share of arrivals that only browse; the rest walk the whole purchase journey. */
  private static final double BROWSE_SHARE = Double.parseDouble(System.getProperty("browse.share", "0.8"));
  /** Of the buyers, the share that registers a new account; the others log in to an existing one. */
  private static final double REGISTER_SHARE = Double.parseDouble(System.getProperty("register.share", "0.3"));
  private static final double MAX_FAILED_PERCENT = Double.parseDouble(System.getProperty("max.failed.percent", "1"));
  private static final String PASSWORD = "LoadTest-" + UUID.randomUUID();
  private static final String RUN = Long.toString(System.currentTimeMillis(), 36);
  private static final String[] TERMS = {"phone", "laptop", "watch", "tablet", "head", "wireless", "inch", "smart"};

  private static String service(String key) {
    return System.getProperty(key, BASE).replaceFirst("/$", "");
  }

  /** "30", "30s" and "2m" all work, like the benchmark runner's -Dduration. */
  static long seconds(String raw) {
    String s = raw.trim().toLowerCase();
    if (s.endsWith("m")) {
      return Long.parseLong(s.substring(0, s.length() - 1)) * 60;
    }
    return Long.parseLong(s.endsWith("s") ? s.substring(0, s.length() - 1) : s);
  }

  private final HttpProtocolBuilder protocol = http
    .acceptHeader("application/json")
    .contentTypeHeader("application/json")
    .userAgentHeader("shop-gatling");

  private static final ChainBuilder BROWSE = exec(
    http("list products").get(PRODUCT + "/products")
      // 304: the virtual user's cache revalidated with the ETag; the id from before stays
      .check(status().in(200, 304))
      .check(jsonPath("$[?(@.stock > 0)].id").findRandom().optional().saveAs("productId")))
    .pause(Duration.ofMillis(100), Duration.ofMillis(500))
    .doIf(session -> session.contains("productId")).then(
      exec(http("get product").get(PRODUCT + "/products/#{productId}").check(status().in(200, 304))))
    .pause(Duration.ofMillis(100), Duration.ofMillis(500));

  private static final ChainBuilder SEARCH = exec(session -> session.set("term",
    TERMS[ThreadLocalRandom.current().nextInt(TERMS.length)]))
    .exec(http("search products").get(PRODUCT + "/products?q=#{term}")
      .check(status().in(200, 304))
      .check(jsonPath("$[?(@.stock > 0)].id").findRandom().optional().saveAs("searchedId")))
    .doIf(session -> session.contains("searchedId")).then(
      exec(session -> session.set("productId", session.getString("searchedId"))));

  private static final ChainBuilder REGISTER = exec(session -> {
    String name = "gatling_" + RUN + "_" + UUID.randomUUID().toString().substring(0, 12);
    return session.set("username", name).set("email", name + "@loadtest.example");
  })
    .exec(http("register").post(USER + "/register")
      .body(StringBody("{\"username\":\"#{username}\",\"email\":\"#{email}\",\"password\":\"" + PASSWORD + "\"}"))
      .check(status().is(201)))
    .exitHereIfFailed();

  /** Existing accounts come from earlier registrations of this run; the first buyers register. */
  private static final ChainBuilder LOGIN = exec(http("login").post(USER + "/login")
    .body(StringBody("{\"email\":\"#{email}\",\"password\":\"" + PASSWORD + "\"}"))
    .check(status().is(200))
    .check(jsonPath("$.token").saveAs("token")))
    .exitHereIfFailed();

  private static final ChainBuilder ORDER_AND_PAY = exec(http("create order").post(ORDER + "/orders")
    .header("Authorization", "Bearer #{token}")
    .header("Idempotency-Key", session -> "gatling-" + UUID.randomUUID())
    .body(StringBody("{\"items\":[{\"product_id\":#{productId},\"quantity\":1}]}"))
    // 409 is the honest answer when the product sold out meanwhile; the shopper then leaves
    .check(status().in(201, 409))
    .check(jsonPath("$.id").optional().saveAs("orderId")))
    .doIf(session -> session.contains("orderId")).then(
      exec(http("pay").post(PAYMENT + "/payments")
        .header("Authorization", "Bearer #{token}")
        .header("Idempotency-Key", session -> "gatling-" + UUID.randomUUID())
        .body(StringBody("{\"order_id\":#{orderId},\"payment_method\":\"card\",\"card\":{\"number\":"
          + "\"4242424242424242\",\"expiry\":\"12/30\",\"cvv\":\"123\",\"name\":\"Load Test\"}}"))
        .check(status().is(201)))
      // the payment reaches the order through the outbox: poll briefly for "confirmed"
      .exec(session -> session.set("orderStatus", "pending"))
      .asLongAs(session -> !"confirmed".equals(session.getString("orderStatus")), "polls").on(
        exec(http("check order").get(ORDER + "/orders/#{orderId}")
          .header("Authorization", "Bearer #{token}")
          .check(status().is(200))
          .check(jsonPath("$.status").saveAs("orderStatus")))
          .doIf(session -> !"confirmed".equals(session.getString("orderStatus"))
            && session.getInt("polls") >= 20).then(exec(session -> session.markAsFailed().set("orderStatus",
              "confirmed")))
          .pause(Duration.ofMillis(100))));

  private final ScenarioBuilder browsers = scenario("browse-heavy mix")
    .exec(BROWSE)
    .exec(SEARCH)
    .randomSwitch().on(
      percent(50.0).then(exec(BROWSE)),
      percent(50.0).then(exec(http("next page").get(PRODUCT + "/products?page=2&per_page=20")
        .check(status().in(200, 304)))));

  private final ScenarioBuilder shoppers = scenario("shopper journey")
    .exec(BROWSE)
    .exec(SEARCH)
    .exec(session -> session.set("returning", AccountPool.take()))
    .doIfOrElse(session -> session.getString("returning") != null
      && ThreadLocalRandom.current().nextDouble() >= REGISTER_SHARE).then(
        exec(session -> session.set("email", session.getString("returning"))).exec(LOGIN))
    .orElse(exec(REGISTER).exec(LOGIN)
      .exec(session -> {
        AccountPool.offer(session.getString("email"));
        return session;
      }))
    .pause(Duration.ofMillis(200), Duration.ofMillis(800))
    .doIf(session -> session.contains("productId")).then(exec(ORDER_AND_PAY));

  {
    List<PopulationBuilder> populations = new ArrayList<>();
    double browseRate = RATE * BROWSE_SHARE;
    double buyRate = RATE - browseRate;
    if (browseRate > 0) {
      populations.add(browsers.injectOpen(
        rampUsersPerSec(Math.min(1, browseRate)).to(browseRate).during(RAMP),
        constantUsersPerSec(browseRate).during(DURATION)));
    }
    if (buyRate > 0) {
      populations.add(shoppers.injectOpen(
        rampUsersPerSec(Math.min(1, buyRate)).to(buyRate).during(RAMP),
        constantUsersPerSec(buyRate).during(DURATION)));
    }
    setUp(populations).protocols(protocol)
      .assertions(global().failedRequests().percent().lte(MAX_FAILED_PERCENT));
  }
}
