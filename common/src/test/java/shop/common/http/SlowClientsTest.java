package shop.common.http;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import shop.testing.Await;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Raw sockets against {@link Http#listen}: a client dripping its headers or its body a byte at a
 * time is cut off at the deadline, however steadily it drips; a client that asks promptly keeps
 * its connection across requests.
 */
@ExtendWith(VertxExtension.class)
class SlowClientsTest {

  static final long HEADERS_MS = 1_000;
  static final long BODY_MS = 2_000;
  static final long MARGIN_MS = 2_000;
  static final long DRIP_EVERY_MS = 200;

  static int port;
  static NetClient client;

  @BeforeAll
  static void start(Vertx vertx) {
    Router router = Http.router(vertx);
    router.get("/ok").handler(ctx -> Http.json(ctx, 200, new JsonObject().put("ok", true)));
    router.post("/echo").handler(ctx -> Http.json(ctx, 200, Http.bodyObject(ctx)));
    JsonObject conf = new JsonObject().put("HOST", "127.0.0.1")
      .put("HTTP_HEADERS_TIMEOUT_MS", HEADERS_MS).put("HTTP_BODY_TIMEOUT_MS", BODY_MS);
    HttpServer server = Await.result(Http.listen(vertx, conf, "slow-clients-test", 0, router));
    port = server.actualPort();
    client = vertx.createNetClient();
  }

  /** Sends {@code head} at once, then {@code drip} a byte at a time, until the server closes; answers after how long. */
  private static long dripUntilClosed(Vertx vertx, String head, String drip) {
    NetSocket socket = Await.result(client.connect(port, "127.0.0.1"));
    long t0 = System.nanoTime();
    Promise<Long> closed = Promise.promise();
    socket.closeHandler(v -> closed.tryComplete((System.nanoTime() - t0) / 1_000_000));
    socket.handler(b -> { });
    socket.write(head);
    AtomicInteger next = new AtomicInteger();
    long timer = vertx.setPeriodic(DRIP_EVERY_MS, id ->
      socket.write(String.valueOf(drip.charAt(next.getAndIncrement() % drip.length()))));
    try {
      return Await.result(closed.future(), 30);
    } finally {
      vertx.cancelTimer(timer);
    }
  }

  @Test
  void headersDrippedAByteAtATimeAreCutOff(Vertx vertx) {
    long ms = dripUntilClosed(vertx, "GET /ok HTTP/1.1\r\n", "X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n");
    assertTrue(ms >= HEADERS_MS && ms <= HEADERS_MS + MARGIN_MS, "closed after " + ms + " ms");
  }

  @Test
  void aBodyDrippedAByteAtATimeIsCutOff(Vertx vertx) {
    String head = "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"a\":\"";
    long ms = dripUntilClosed(vertx, head, "x");
    assertTrue(ms >= BODY_MS && ms <= BODY_MS + MARGIN_MS, "closed after " + ms + " ms");
  }

  @Test
  void aConnectionThatSaysNothingIsClosedAfterTheHeadersDeadline(Vertx vertx) {
    NetSocket socket = Await.result(client.connect(port, "127.0.0.1"));
    long t0 = System.nanoTime();
    Promise<Long> closed = Promise.promise();
    socket.closeHandler(v -> closed.tryComplete((System.nanoTime() - t0) / 1_000_000));
    long ms = Await.result(closed.future(), 30);
    assertTrue(ms <= HEADERS_MS + MARGIN_MS, "closed after " + ms + " ms");
  }

  @Test
  void aPromptClientKeepsItsConnectionAcrossRequests(Vertx vertx) {
    NetSocket socket = Await.result(client.connect(port, "127.0.0.1"));
    AtomicInteger closes = new AtomicInteger();
    socket.closeHandler(v -> closes.incrementAndGet());
    Buffer received = Buffer.buffer();
    socket.handler(received::appendBuffer);
    long t0 = System.nanoTime();
    // each request comes well inside the headers deadline after the last answer; together they last longer than it
    for (int i = 1; i <= 4; i++) {
      int answers = i;
      Await.result(vertx.timer(HEADERS_MS / 2).compose(v -> socket.write("GET /ok HTTP/1.1\r\nHost: localhost\r\n\r\n")));
      Await.until("answer " + i, 10, () -> count(received.toString(), "{\"ok\":true}") == answers);
    }
    long elapsed = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(elapsed > HEADERS_MS, "the connection lived " + elapsed + " ms");
    assertEquals(0, closes.get(), "the connection stayed open");
    assertEquals(4, count(received.toString(), "HTTP/1.1 200"));
    socket.close();
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void hostKeepsTheServiceOnTheChosenInterface(Vertx vertx) {
    // HOST=127.0.0.1: reachable there, refused on this machine's other addresses (when it has one)
    Await.result(client.connect(port, "127.0.0.1")).close();
    Optional<String> other = otherAddress();
    other.ifPresent(a -> assertTrue(client.connect(port, a).toCompletionStage().toCompletableFuture()
      .handle((s, err) -> err != null).join(), "reachable on " + a));
  }

  private static Optional<String> otherAddress() {
    try {
      return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
        .flatMap(n -> Collections.list(n.getInetAddresses()).stream())
        .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
        .map(InetAddress::getHostAddress).findFirst();
    } catch (SocketException e) {
      return Optional.empty();
    }
  }
}
