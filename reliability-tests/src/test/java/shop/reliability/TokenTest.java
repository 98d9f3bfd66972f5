package shop.reliability;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import shop.reliability.harness.Case;
import shop.reliability.harness.Poll;
import shop.reliability.harness.Report;
import shop.reliability.harness.Suite;
import shop.reliability.harness.Svc;
import shop.reliability.harness.Tokens;
import shop.testing.TestSecrets;
import shop.testing.process.ShopClient.Customer;
import shop.testing.process.ShopClient.Reply;
import shop.testing.process.ShopClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static shop.reliability.harness.Suite.shop;
import static shop.reliability.harness.Suite.shopping;

/** T19: forged, malformed and revoked tokens on every service. */
@ExtendWith(Suite.class)
@Order(3)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class TokenTest {

  /** How long a revocation may take to reach every service (DESIGN.md: "within seconds"). */
  private static final int REVOCATION_SECONDS = 10;

  private static Tokens tokens;

  /** A route of each service that needs a token, and what a good one gets there. */
  /** Tokens signed with the shop's generated SECRET_KEY, as an insider would make them. */
  private static Tokens tokens() {
    return new Tokens(shop().env("SECRET_KEY"));
  }

  private record Probe(Svc svc, String method, String path, JsonObject claims, int goodStatus) {
  }

  @Test
  @Case("T19")
  @DisplayName("T19: alg none, other algorithms, flipped signatures, expired, no exp, null claims, nbf, other key, revoked user: all 401")
  void everyForgedOrRevokedTokenIs401() {
    Customer c = shopping().customer("t19");
    JsonObject admin = Tokens.customer(1_000_000, "admin@example.com").put("roles", new JsonArray().add("admin"));
    List<Probe> probes = List.of(
      new Probe(Svc.USER, "GET", "/profile", Tokens.customer(c.id(), c.email()), 200),
      new Probe(Svc.ORDER, "GET", "/orders/user/" + c.id(), Tokens.customer(c.id(), c.email()), 200),
      new Probe(Svc.PAYMENT, "GET", "/payments/user/" + c.id(), Tokens.customer(c.id(), c.email()), 200),
      new Probe(Svc.NOTIFICATION, "GET", "/notifications/user/" + c.id(), Tokens.customer(c.id(), c.email()), 200),
      new Probe(Svc.PRODUCT, "DELETE", "/products/987654321", admin, 404));
    List<String> wrong = new ArrayList<>();
    int cases = 0;
    long fiveXx = 0;
    for (Probe p : probes) {
      Reply good = send(p, tokens().signed(p.claims()));
      if (good.status() != p.goodStatus()) {
        wrong.add(p.svc().compose() + " refuses a correct token: " + good);
      }
      for (Map.Entry<String, String> forged : forgeries(p.claims()).entrySet()) {
        Reply r = send(p, forged.getValue());
        cases++;
        fiveXx += r.status() >= 500 ? 1 : 0;
        if (r.status() != 401) {
          wrong.add(p.svc().compose() + " " + forged.getKey() + ": " + r);
        }
      }
    }
    List<String> revoked = revokedUserKeepsAccess(probes);
    cases += probes.size() - 1;
    wrong.addAll(revoked);

    Report.of("T19").metric("cases", cases).metric("not_401", wrong.size()).metric("5xx", fiveXx)
      .metric("revoked_still_accepted", revoked.stream().filter(w -> w.contains("still accepts")).count())
      .require("every forged, malformed or revoked token is 401, never 5xx; wrong: " + wrong, wrong.isEmpty())
      .conclude();
  }

  /** Every way a token can be not exactly right, named. */
  private static Map<String, String> forgeries(JsonObject claims) {
    Map<String, String> out = new LinkedHashMap<>();
    String good = tokens().signed(claims);
    out.put("alg_none", Tokens.unsigned(claims));
    out.put("alg_none_with_signature", Tokens.unsigned(claims) + good.substring(good.lastIndexOf('.') + 1));
    out.put("hs512", Tokens.hmac(new JsonObject().put("alg", "HS512").put("typ", "JWT"), claims, "HmacSHA512",
      tokens().key()));
    out.put("rs256_header", Tokens.hmac(new JsonObject().put("alg", "RS256").put("typ", "JWT"), claims, "HmacSHA256",
      tokens().key()));
    out.put("flipped_signature", flip(good));
    out.put("expired", tokens().signed(claims.copy().put("iat", Tokens.now() - 7200).put("exp", Tokens.now() - 3600)));
    out.put("no_exp", tokens().signed(without(claims, "exp")));
    for (String claim : List.of("exp", "iat", "sub", "user_id", "roles")) {
      out.put(claim + "_null", tokens().signed(claims.copy().putNull(claim)));
    }
    out.put("exp_string", tokens().signed(claims.copy().put("exp", String.valueOf(Tokens.now() + 3600))));
    out.put("exp_huge", tokens().signed(claims.copy().put("exp", 1e300)));
    out.put("roles_string", tokens().signed(claims.copy().put("roles", "admin")));
    out.put("user_id_string", tokens().signed(claims.copy().put("user_id", "1 OR 1=1")));
    out.put("nbf_future", tokens().signed(claims.copy().put("nbf", Tokens.now() + 3600)));
    out.put("other_key", Tokens.hmac(Tokens.hs256(), claims, "HmacSHA256",
      TestSecrets.hex(32).getBytes(StandardCharsets.UTF_8)));
    out.put("two_segments", good.substring(0, good.lastIndexOf('.')));
    out.put("garbage", "not-a-token");
    out.put("header_not_json", "bm90IGpzb24." + good.substring(good.indexOf('.') + 1));
    out.put("padded", good + "A".repeat(4_000));
    return out;
  }

  /**
   * A real user's token after an admin deactivated the account (PUT /users/{id}/status, the
   * documented intent): every service must refuse it within seconds, not at its expiry.
   */
  private static List<String> revokedUserKeepsAccess(List<Probe> probes) {
    Customer victim = shopping().customer("t19-revoked");
    Reply deactivated = shopping().call("PUT", "/api/users/" + victim.id() + "/status", shopping().admin(),
      new JsonObject().put("is_active", false).encode(), Map.of());
    List<String> accepted = new ArrayList<>();
    if (deactivated.status() != 200) {
      accepted.add("deactivating a user (PUT /users/{id}/status) answered " + deactivated);
    }
    // every service watched at once: each has the same few seconds
    List<CompletableFuture<String>> watching = probes.stream().filter(p -> p.svc() != Svc.PRODUCT).map(p ->
      CompletableFuture.supplyAsync(() -> {
        String path = p.path().replaceAll("/\\d+$", "/" + victim.id());
        boolean refused = Poll.until(Duration.ofSeconds(REVOCATION_SECONDS), () -> ShopClient.await(shop().direct(p.svc())
          .call(p.method(), path, victim.token(), Map.of(), null, Duration.ofSeconds(10))).status() == 401);
        return refused ? null : p.svc().compose() + " still accepts a deactivated user's token after " + REVOCATION_SECONDS
          + " s";
      })).toList();
    watching.stream().map(CompletableFuture::join).filter(w -> w != null).forEach(accepted::add);
    return accepted;
  }

  private static Reply send(Probe p, String token) {
    return ShopClient.await(shop().direct(p.svc()).call(p.method(), p.path(), token, Map.of(), null, Duration.ofSeconds(10)));
  }

  private static String flip(String token) {
    char last = token.charAt(token.length() - 2);
    return token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);
  }

  private static JsonObject without(JsonObject claims, String name) {
    JsonObject copy = claims.copy();
    copy.remove(name);
    return copy;
  }
}
