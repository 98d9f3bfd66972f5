package shop.testing.process;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import shop.testing.TestSecrets;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** A black-box client of the edge or of one service: JSON over HTTP, the way the storefront calls /api. */
public final class ShopClient {

  /** The status of a {@link Reply} when no HTTP answer came (refused, reset, timed out). */
  public static final int NO_ANSWER = -1;

  // HTTP/1.1 as browsers reach nginx and nginx reaches the services (no h2c upgrade on the first request)
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
    .connectTimeout(Duration.ofSeconds(3)).build();
  private final String base;

  public ShopClient(String base) {
    this.base = base;
  }

  public String base() {
    return base;
  }

  /** One answer: status and body text, with JSON views, and how long it took. */
  public record Reply(int status, String body, HttpHeaders headers, long millis) {
    public JsonObject json() {
      return new JsonObject(body);
    }

    public JsonArray array() {
      return new JsonArray(body);
    }

    public String header(String name) {
      return headers == null ? null : headers.firstValue(name).orElse(null);
    }

    /** The {@code code} of a JSON error body, or null. */
    public String code() {
      try {
        return body != null && body.startsWith("{") ? json().getString("code") : null;
      } catch (RuntimeException e) {
        return null;
      }
    }

    public boolean answered() {
      return status != NO_ANSWER;
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  public Reply get(String path, String token) {
    return await(send("GET", path, token, null));
  }

  public Reply post(String path, String token, JsonObject body) {
    return await(send("POST", path, token, body));
  }

  public Reply put(String path, String token, JsonObject body) {
    return await(send("PUT", path, token, body));
  }

  /** A GET with a conditional {@code If-None-Match}, as a browser revalidating its copy sends it. */
  public Reply getIfNoneMatch(String path, String etag) {
    return await(call("GET", path, null, Map.of("If-None-Match", etag), null, Duration.ofSeconds(30)));
  }

  /** A request whose transport failure fails the future (a test that expects an answer). */
  public CompletableFuture<Reply> send(String method, String path, String token, JsonObject body) {
    return http.sendAsync(request(method, path, token, Map.of(), body == null ? null : body.encode(),
        Duration.ofSeconds(30)), HttpResponse.BodyHandlers.ofString())
      .thenApply(r -> new Reply(r.statusCode(), r.body(), r.headers(), 0));
  }

  /**
   * A request that always completes: a transport failure (refused, reset, timed out) is a
   * {@link #NO_ANSWER} reply whose body names the error. {@code millis} is the whole exchange.
   */
  public CompletableFuture<Reply> call(String method, String path, String token, Map<String, String> headers,
                                       String body, Duration timeout) {
    long t0 = System.nanoTime();
    return http.sendAsync(request(method, path, token, headers, body, timeout), HttpResponse.BodyHandlers.ofString())
      .handle((r, err) -> {
        long ms = (System.nanoTime() - t0) / 1_000_000;
        return err == null ? new Reply(r.statusCode(), r.body(), r.headers(), ms)
          : new Reply(NO_ANSWER, rootCause(err).toString(), null, ms);
      });
  }

  private HttpRequest request(String method, String path, String token, Map<String, String> headers, String body,
                              Duration timeout) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
    if (token != null) {
      b.header("Authorization", token.startsWith("Bearer ") ? token : "Bearer " + token);
    }
    headers.forEach(b::header);
    if (body != null) {
      if (!headers.containsKey("Content-Type")) {
        b.header("Content-Type", "application/json");
      }
      b.method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return b.build();
  }

  private static Throwable rootCause(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  public static <T> T await(CompletableFuture<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new AssertionError("request failed: " + e.getCause(), e.getCause());
    }
  }

  /** Registers a new customer and logs in; returns the token and the user. */
  public Customer newCustomer(String tag) {
    String email = tag + "-" + TestSecrets.hex(4) + "@example.com";
    String password = "Pw-" + TestSecrets.hex(8);
    Reply reg = post("/api/register", null, new JsonObject()
      .put("username", email.substring(0, email.indexOf('@'))).put("email", email).put("password", password));
    if (reg.status() != 201) {
      throw new AssertionError("register: " + reg);
    }
    Reply login = post("/api/login", null, new JsonObject().put("email", email).put("password", password));
    if (login.status() != 200) {
      throw new AssertionError("login: " + login);
    }
    JsonObject user = login.json().getJsonObject("user");
    return new Customer(login.json().getString("token"), user.getLong("id"), email, password);
  }

  /** A logged-in customer. */
  public record Customer(String token, long id, String email, String password) {
  }

  public static JsonObject card(long orderId, String number) {
    return new JsonObject().put("order_id", orderId).put("payment_method", "card")
      .put("card_details", new JsonObject().put("number", number).put("expiry", "12/30").put("cvv", "123")
        .put("name", "Test Buyer"));
  }
}
