package shop.reliability;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import shop.reliability.harness.Case;
import shop.reliability.harness.Latencies;
import shop.reliability.harness.Load;
import shop.reliability.harness.RawHttp;
import shop.reliability.harness.Report;
import shop.reliability.harness.Suite;
import shop.reliability.harness.Svc;
import shop.testing.TestSecrets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static shop.reliability.harness.Suite.shop;

/**
 * T21 and T30: password guessing around the throttle, and addresses that look like someone else's.
 * Each attacker is its own loopback address (127.0.0.x), so the suite's own logins from 127.0.0.1
 * are never throttled by them.
 */
@ExtendWith(Suite.class)
@Order(4)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class LoginTest {

  private static final int ATTEMPTS = 100;
  /** LOGIN_ADDRESS_FREE_FAILURES (50), plus attempts already in flight when the lock lands. */
  private static final int THROTTLED_AT_LEAST = ATTEMPTS - 50 - 10;

  @Test
  @Case("T21")
  @DisplayName("T21: 100 wrong passwords with a fixed and a rotating X-Forwarded-For, at the edge and around it: throttled every way")
  void guessingIsThrottledHoweverTheAddressIsSpelled() {
    int edge = shop().edgePort();
    int user = shop().port(Svc.USER);
    // four attackers at once, each from its own address
    Map<String, Callable<Long>> attackers = new LinkedHashMap<>();
    attackers.put("edge_fixed", () -> guesses("127.0.0.3", edge, "/api/login", i -> "203.0.113.7"));
    attackers.put("edge_rotating", () -> guesses("127.0.0.4", edge, "/api/login", i -> "198.51.100." + (i % 250 + 1)));
    attackers.put("direct_fixed", () -> guesses("127.0.0.5", user, "/login", i -> "203.0.113.9"));
    attackers.put("direct_rotating", () -> guesses("127.0.0.6", user, "/login", i -> "10." + (i / 250) + "." + (i % 250) + ".1"));
    List<Long> counts = Load.all(4, new ArrayList<>(attackers.values()));
    Map<String, Long> throttled = new LinkedHashMap<>();
    int k = 0;
    for (String way : attackers.keySet()) {
      throttled.put(way, counts.get(k++));
    }

    String email = "t21-" + TestSecrets.hex(4) + "@example.com";
    RawHttp.Response reg = RawHttp.json("127.0.0.7", user, "POST", "/register", "",
      new JsonObject().put("username", email.substring(0, 12)).put("email", email).put("password", "Right-" + TestSecrets.hex(6))
        .encode());
    List<String> wrongPassword = new ArrayList<>();
    List<String> unknownUser = new ArrayList<>();
    Latencies known = new Latencies();
    Latencies unknown = new Latencies();
    String nobody = "t21-nobody-" + TestSecrets.hex(4) + "@example.com";
    for (int i = 0; i < 6; i++) {
      RawHttp.Response w = login("127.0.0.7", user, "/login", email, "", "wrong-password-" + i);
      RawHttp.Response u = login("127.0.0.7", user, "/login", nobody, "", "wrong-password-" + i);
      wrongPassword.add(w.status() + " " + w.body());
      unknownUser.add(u.status() + " " + u.body());
      if (w.status() == 401) {
        known.add(w.millis());
      }
      if (u.status() == 401) {
        unknown.add(u.millis());
      }
    }
    boolean identical = wrongPassword.equals(unknownUser);
    long slower = Math.max(known.p50(), unknown.p50());
    long faster = Math.min(known.p50(), unknown.p50());
    boolean sameTime = slower <= Math.max(faster * 3 / 2, faster + 50);

    var v = Report.of("T21");
    throttled.forEach((way, n) -> v.metric(way + "_429", n));
    v.metric("unknown_vs_wrong", identical ? "identical" : "different")
      .metric("p50_wrong_ms", known.p50()).metric("p50_unknown_ms", unknown.p50())
      .require("the real user registered: " + reg, reg.status() == 201);
    throttled.forEach((way, n) -> v.require(way + ": at least " + THROTTLED_AT_LEAST + " of " + ATTEMPTS
      + " guesses answered 429 with Retry-After, got " + n, n >= THROTTLED_AT_LEAST));
    v.require("unknown user and wrong password answer alike: " + wrongPassword + " vs " + unknownUser, identical)
      .require("and take alike long (p50 " + known.p50() + " vs " + unknown.p50() + " ms)", sameTime)
      .conclude();
  }

  /** {@link #ATTEMPTS} wrong passwords for unknown accounts from {@code from}; how many got 429 with Retry-After. */
  private static long guesses(String from, int port, String path, java.util.function.IntFunction<String> forwardedFor) {
    List<Callable<RawHttp.Response>> tries = new ArrayList<>();
    for (int i = 0; i < ATTEMPTS; i++) {
      int n = i;
      tries.add(() -> login(from, port, path, "t21-" + TestSecrets.hex(5) + "@example.com",
        "X-Forwarded-For: " + forwardedFor.apply(n) + "\r\n", "guess-" + n));
    }
    return Load.all(4, tries).stream().filter(r -> r.status() == 429 && r.header("Retry-After") != null).count();
  }

  private static RawHttp.Response login(String from, int port, String path, String email, String headers,
                                        String password) {
    return RawHttp.json(from, port, "POST", path, headers,
      new JsonObject().put("email", email).put("password", password).encode());
  }

  /** An address that looks like another: how it is made from the owner's, and whether it must be refused. */
  private record LookAlike(String name, UnaryOperator<String> make, boolean formatCharacter) {
  }

  @Test
  @Case("T30")
  @DisplayName("T30: look-alike emails (zero-width, NUL, BOM, case, Unicode forms) neither shadow nor lock out the owner")
  void lookAlikeAddressesNeitherShadowNorLockOut() {
    List<LookAlike> lookAlikes = List.of(
      new LookAlike("zero_width_space", a -> insert(a, "\u200B"), true),
      new LookAlike("zero_width_joiner", a -> insert(a, "\u200D"), true),
      new LookAlike("word_joiner", a -> insert(a, "\u2060"), true),
      new LookAlike("nul", a -> insert(a, "\u0000"), true),
      new LookAlike("bom", a -> "\uFEFF" + a, true),
      new LookAlike("soft_hyphen", a -> insert(a, "\u00AD"), true),
      new LookAlike("rtl_override", a -> insert(a, "\u202E"), true),
      new LookAlike("upper_case", a -> a.toUpperCase(java.util.Locale.ROOT), false),
      new LookAlike("nfd", a -> java.text.Normalizer.normalize(a, java.text.Normalizer.Form.NFD), false),
      new LookAlike("fullwidth", a -> "\uFF4F" + a.substring(1), false));
    int user = shop().port(Svc.USER);
    List<String> formatAccepted = new ArrayList<>();
    List<String> lockouts = new ArrayList<>();
    List<String> shadowed = new ArrayList<>();
    for (LookAlike l : lookAlikes) {
      // only the NFD case needs a composed character in the owner's address
      boolean accented = l.name().equals("nfd");
      String owner = (accented ? "owner\u00E9-" : "owner-") + TestSecrets.hex(4) + "@example.com";
      String lookAlike = l.make().apply(owner);
      String attackerPw = "Attacker-" + TestSecrets.hex(6);
      String ownerPw = "Owner-" + TestSecrets.hex(6);
      RawHttp.Response att = register(user, lookAlike, attackerPw);
      RawHttp.Response own = register(user, owner, ownerPw);
      if (l.formatCharacter() && att.status() != 400) {
        formatAccepted.add(l.name() + " registered: " + att.status());
      }
      boolean sameIdentity = att.status() == 201 && own.status() == 409;
      // a shop may refuse non-ASCII addresses altogether: then neither form registers, and nobody is locked out
      boolean asciiOnly = accented && att.status() == 400 && own.status() == 400;
      if (own.status() != 201 && !(sameIdentity && !l.formatCharacter()) && !asciiOnly) {
        lockouts.add(l.name() + ": the owner's registration answered " + own);
      }
      if (own.status() == 201) {
        long ownerId = new JsonObject(own.body()).getJsonObject("user").getLong("id");
        RawHttp.Response ok = login("127.0.0.8", user, "/login", owner, "", ownerPw);
        RawHttp.Response shadow = login("127.0.0.8", user, "/login", owner, "", attackerPw);
        if (ok.status() != 200 || new JsonObject(ok.body()).getJsonObject("user").getLong("id") != ownerId) {
          lockouts.add(l.name() + ": the owner's login answered " + ok);
        }
        if (shadow.status() != 401) {
          shadowed.add(l.name() + ": the owner's address with the look-alike's password answered " + shadow.status());
        }
      }
    }

    Report.of("T30").metric("look_alikes", lookAlikes.size()).metric("format_accepted", formatAccepted.size())
      .metric("shadowed", shadowed.size()).metric("lockouts", lockouts.size())
      .require("addresses with control or format characters are refused (400): " + formatAccepted, formatAccepted.isEmpty())
      .require("no look-alike logs in as the owner: " + shadowed, shadowed.isEmpty())
      .require("no owner locked out of their own address: " + lockouts, lockouts.isEmpty())
      .conclude();
  }

  private static RawHttp.Response register(int port, String email, String password) {
    return RawHttp.json("127.0.0.8", port, "POST", "/register", "", new JsonObject()
      .put("username", "t30" + TestSecrets.hex(5)).put("email", email).put("password", password).encode());
  }

  /** {@code s} with {@code c} inserted after its first character. */
  private static String insert(String s, String c) {
    return s.charAt(0) + c + s.substring(1);
  }
}
