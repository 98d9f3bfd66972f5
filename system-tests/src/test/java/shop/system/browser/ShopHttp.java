package shop.system.browser;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Setting up a browser test through the shop's API on the edge: accounts the test then uses in the browser. */
final class ShopHttp {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final LaunchedShop shop;

  ShopHttp(LaunchedShop shop) {
    this.shop = shop;
  }

  /** A new customer account; its email is {@code user@example.com}. */
  void register(String user, String password) {
    HttpResponse<String> r = post("/register", new JsonObject().put("username", user).put("email", user + "@example.com")
      .put("password", password), null);
    assertEquals(201, r.statusCode(), r.body());
  }

  /** A login token for {@code email}. */
  String login(String email, String password) {
    HttpResponse<String> r = post("/login", new JsonObject().put("email", email).put("password", password), null);
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body()).getString("token");
  }

  HttpResponse<String> get(String path, String token) {
    return send(HttpRequest.newBuilder(URI.create(shop.url("api" + path))).GET(), token);
  }

  HttpResponse<String> post(String path, JsonObject body, String token) {
    return send(HttpRequest.newBuilder(URI.create(shop.url("api" + path))).header("Content-Type", "application/json")
      .POST(HttpRequest.BodyPublishers.ofString(body.encode())), token);
  }

  private HttpResponse<String> send(HttpRequest.Builder request, String token) {
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
