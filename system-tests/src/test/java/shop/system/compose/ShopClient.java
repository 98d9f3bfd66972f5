package shop.system.compose;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A black-box client of the edge: JSON over HTTP, the way the storefront calls /api. */
final class ShopClient {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private final String base;

  ShopClient(String base) {
    this.base = base;
  }

  /** One answer: status and body text, with JSON views. */
  record Reply(int status, String body, java.net.http.HttpHeaders headers) {
    JsonObject json() {
      return new JsonObject(body);
    }

    JsonArray array() {
      return new JsonArray(body);
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  Reply get(String path, String token) {
    return await(send("GET", path, token, null));
  }

  Reply post(String path, String token, JsonObject body) {
    return await(send("POST", path, token, body));
  }

  Reply put(String path, String token, JsonObject body) {
    return await(send("PUT", path, token, body));
  }

  /** A GET with a conditional {@code If-None-Match}, as a browser revalidating its copy sends it. */
  Reply getIfNoneMatch(String path, String etag) {
    return await(http.sendAsync(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
      .header("If-None-Match", etag).GET().build(), HttpResponse.BodyHandlers.ofString())
      .thenApply(r -> new Reply(r.statusCode(), r.body(), r.headers())));
  }

  CompletableFuture<Reply> send(String method, String path, String token, JsonObject body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofString(body.encode()));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString())
      .thenApply(r -> new Reply(r.statusCode(), r.body(), r.headers()));
  }

  private static Reply await(CompletableFuture<Reply> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new AssertionError("request failed: " + e.getCause(), e.getCause());
    }
  }

  /** Registers a new customer and logs in; returns the token and the user. */
  Customer newCustomer(String tag) {
    String email = tag + "-" + TestEnv.hex(4) + "@example.com";
    String password = "Pw-" + TestEnv.hex(8);
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
    return new Customer(login.json().getString("token"), user.getLong("id"), email);
  }

  /** A logged-in customer. */
  record Customer(String token, long id, String email) {
  }

  static JsonObject card(long orderId, String number) {
    return new JsonObject().put("order_id", orderId).put("payment_method", "card")
      .put("card_details", new JsonObject().put("number", number).put("expiry", "12/30").put("cvv", "123")
        .put("name", "Test Buyer"));
  }
}
