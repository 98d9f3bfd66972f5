package shop.common.http;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import shop.common.config.ConfigException;
import shop.testing.Api;
import shop.testing.Await;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** X-Forwarded-For is believed only from trusted proxies, and read from the right. The test client is 127.0.0.1. */
@ExtendWith(VertxExtension.class)
class TrustedProxiesTest {

  private static Api serve(Vertx vertx, String trusted) {
    TrustedProxies proxies = TrustedProxies.from(new JsonObject().put("TRUSTED_PROXIES", trusted));
    Router router = Http.router(vertx);
    router.get("/who").handler(ctx -> Http.json(ctx, 200,
      new JsonObject().put("client", proxies.clientAddress(ctx.request()))));
    HttpServer server = Await.result(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    return new Api(vertx, server.actualPort());
  }

  private static String client(Api api, String... forwardedFor) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (String f : forwardedFor) {
      headers.add("X-Forwarded-For", f);
    }
    return Await.result(api.send(HttpMethod.GET, "/who", null, null, headers)).json().getString("client");
  }

  @Test
  void withoutTrustedProxiesTheHeaderIsIgnored(Vertx vertx) {
    Api api = serve(vertx, "");
    assertEquals("127.0.0.1", client(api, "203.0.113.7"));
    assertEquals("127.0.0.1", client(api));
    Api other = serve(vertx, "10.0.0.1, 192.168.0.0/16");
    assertEquals("127.0.0.1", client(other, "203.0.113.7"), "the peer is not one of the trusted proxies");
  }

  @Test
  void behindATrustedProxyTheRightMostUntrustedHopIsTheClient(Vertx vertx) {
    Api api = serve(vertx, "127.0.0.1");
    assertEquals("203.0.113.7", client(api, "203.0.113.7"));
    assertEquals("203.0.113.7", client(api, "6.6.6.6, 203.0.113.7"), "what the client wrote on the left is never reached");
    assertEquals("203.0.113.7", client(api, "6.6.6.6", "203.0.113.7"), "several headers read as one list");
    assertEquals("203.0.113.7", client(api, "203.0.113.7, 127.0.0.1"), "trusted hops are skipped");
    assertEquals("127.0.0.1", client(api), "no header: the proxy itself");
    assertEquals("127.0.0.1", client(api, "not-an-address"), "garbage: only the proxy is known");
    assertEquals("127.0.0.1", client(api, "dead.beef"), "never a DNS name");
    assertEquals("2001:db8:0:0:0:0:0:1", client(api, "[2001:db8::1]:443"));
    assertEquals("203.0.113.7", client(api, "203.0.113.7:5555"));
  }

  @Test
  void rangesAndChainsOfProxies(Vertx vertx) {
    Api api = serve(vertx, "127.0.0.0/8, 10.0.0.0/8, ::1/128");
    assertEquals("198.51.100.4", client(api, "6.6.6.6, 198.51.100.4, 10.1.2.3, 10.200.0.1"));
    assertEquals("6.6.6.6", client(api, "6.6.6.6, 10.1.2.3"));
    assertEquals("10.0.0.9", client(api, "10.0.0.9"), "all hops trusted: the left-most");
  }

  @Test
  void malformedEntriesStopTheServiceAtStart() {
    for (String bad : List.of("localhost", "1.2.3.4/33", "300.1.1.1", "1.2.3", "10.0.0.0/x", "::1/129", "dead.beef")) {
      assertThrows(ConfigException.class, () -> TrustedProxies.parse(bad), bad);
    }
  }
}
