package shop.loadtest;

import io.vertx.core.json.JsonObject;
import shop.common.auth.Auth;
import shop.common.auth.Principal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.IntFunction;

/**
 * Seeds through the public API: products as an admin (a token minted with the shared key), and
 * customers by registering them (so their accounts and welcome emails are real); their tokens are
 * then minted with the same key, as the user service would issue them, to spare 200 Argon2 logins.
 */
final class Seeder {

  private static final String[] WORDS = {"phone", "laptop", "watch", "tablet", "speaker", "camera", "keyboard",
    "headphones"};
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  record Customer(long id, String token) {
  }

  record Catalog(long firstId, int count) {
  }

  private final Auth auth;
  private final String run = Long.toString(System.currentTimeMillis(), 36);

  Seeder(Auth auth) {
    this.auth = auth;
  }

  /** {@code count} products with {@code stock} each; their ids are consecutive (one fresh table). */
  Catalog products(String productUrl, int count, int stock) throws InterruptedException {
    String admin = "Bearer " + auth.userToken(1, "bench-admin", "bench-admin@loadtest.example",
      List.of(Principal.ADMIN));
    List<JsonObject> made = inParallel(count, 16, i -> post(productUrl + "/products", admin, new JsonObject()
      .put("name", "Bench " + WORDS[i % WORDS.length] + " " + i)
      .put("description", "A " + WORDS[(i / 8) % WORDS.length] + "-friendly benchmark item number " + i)
      .put("price", 100 + (i % 50) * 10.5)
      .put("stock", stock), 201));
    long first = made.stream().mapToLong(j -> j.getLong("id")).min().orElseThrow();
    long last = made.stream().mapToLong(j -> j.getLong("id")).max().orElseThrow();
    if (last - first + 1 != count) {
      throw new IllegalStateException("product ids are not consecutive: " + first + ".." + last);
    }
    return new Catalog(first, count);
  }

  /** Registers {@code count} customers; returns them with tokens, and writes "id token" lines to {@code file}. */
  List<Customer> customers(String userUrl, int count, Path file) throws InterruptedException, IOException {
    List<JsonObject> made = inParallel(count, 4, i -> {
      String name = "bench_" + run + "_" + i;
      return post(userUrl + "/register", null, new JsonObject().put("username", name)
        .put("email", name + "@loadtest.example").put("password", "Bench-" + run + "-pw"), 201);
    });
    List<Customer> customers = new ArrayList<>();
    StringBuilder lines = new StringBuilder();
    for (JsonObject reply : made) {
      JsonObject u = reply.getJsonObject("user");
      String token = auth.userToken(u.getLong("id"), u.getString("username"), u.getString("email"),
        List.of(Principal.CUSTOMER));
      customers.add(new Customer(u.getLong("id"), token));
      lines.append(u.getLong("id")).append(' ').append(token).append('\n');
    }
    Files.writeString(file, lines);
    return customers;
  }

  private static List<JsonObject> inParallel(int count, int concurrency, IntFunction<CompletableFuture<JsonObject>> call)
    throws InterruptedException {
    Semaphore permits = new Semaphore(concurrency);
    List<CompletableFuture<JsonObject>> all = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      permits.acquire();
      all.add(call.apply(i).whenComplete((r, e) -> permits.release()));
    }
    return all.stream().map(CompletableFuture::join).toList();
  }

  private static CompletableFuture<JsonObject> post(String url, String authorization, JsonObject body, int expect) {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
      .header("Content-Type", "application/json")
      .POST(HttpRequest.BodyPublishers.ofString(body.encode()));
    if (authorization != null) {
      req.header("Authorization", authorization);
    }
    return HTTP.sendAsync(req.build(), HttpResponse.BodyHandlers.ofString()).thenApply(res -> {
      if (res.statusCode() != expect) {
        throw new IllegalStateException("POST " + url + " answered " + res.statusCode() + ": " + res.body());
      }
      return new JsonObject(res.body());
    });
  }
}
