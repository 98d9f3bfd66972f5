package shop.common.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import shop.testing.Api;
import shop.testing.Await;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A request is answered by its deadline, 503 with Retry-After, however many waits its work has in a row. */
@ExtendWith(VertxExtension.class)
class DeadlineTest {

  private static final long DEADLINE_MS = 300;

  private record Served(Api api, CompletableFuture<Boolean> lateWorkSawThePassedDeadline,
                        CompletableFuture<Boolean> workAfterTheAnswerSawADeadline) {
  }

  private static Served serve(Vertx vertx) {
    CompletableFuture<Boolean> sawPassed = new CompletableFuture<>();
    CompletableFuture<Boolean> afterwards = new CompletableFuture<>();
    Router router = Http.router(vertx, new Deadline.Budget(DEADLINE_MS, DEADLINE_MS));
    router.get("/never").handler(ctx -> {
      // work that never ends: only the deadline answers
    });
    // two waits in a row, each shorter than the deadline, together longer: a write answered by Http.reply
    router.post("/two-waits").handler(ctx -> Http.reply(ctx, 201, vertx.timer(200)
      .compose(v -> vertx.timer(200))
      .map(v -> {
        sawPassed.complete(Deadline.of(ctx).passed());
        return new JsonObject().put("ok", true);
      })));
    // and a read answered by respond()
    router.get("/two-waits").respond(ctx -> vertx.timer(200).compose(v -> vertx.timer(200))
      .map(v -> new JsonObject().put("ok", true)));
    router.get("/fast").respond(ctx -> Future.succeededFuture(new JsonObject().put("passed", Deadline.of(ctx).passed())));
    // answered at once; a timer set from the request's context fires after its deadline would have
    router.get("/then-more").handler(ctx -> {
      Http.json(ctx, 200, new JsonObject());
      vertx.timer(DEADLINE_MS + 200).onComplete(v -> afterwards.complete(Deadline.current().passed()));
    });
    HttpServer server = Await.result(vertx.createHttpServer().requestHandler(router).listen(0));
    return new Served(new Api(vertx, server.actualPort()), sawPassed, afterwards);
  }

  private static void assertAnsweredByTheDeadline(Api.Reply r) {
    assertEquals(503, r.status(), r.toString());
    assertEquals("service_unavailable", r.code());
    assertEquals("1", r.header("Retry-After"));
    assertEquals("nosniff", r.header("X-Content-Type-Options"));
  }

  @Test
  void workThatNeverEndsIsAnswered503WithRetryAfter(Vertx vertx) {
    Api api = serve(vertx).api();
    long t0 = System.nanoTime();
    assertAnsweredByTheDeadline(api.get("/never"));
    // a generous margin: the point is that it is answered at all, not how precisely
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < DEADLINE_MS + 5_000);
  }

  @Test
  void waitsInARowShareOneDeadlineAndTheLateWorkKnowsItIsLate(Vertx vertx) throws Exception {
    Served s = serve(vertx);
    assertAnsweredByTheDeadline(s.api().post("/two-waits", null, new JsonObject()));
    assertTrue(s.lateWorkSawThePassedDeadline().get(5, TimeUnit.SECONDS), "the work saw its deadline passed");
    assertAnsweredByTheDeadline(s.api().get("/two-waits"));
    // the work's own late answers are dropped, not written over the 503: later requests are answered as usual
    Api.Reply fast = s.api().get("/fast");
    assertEquals(200, fast.status(), fast.toString());
    assertEquals(false, fast.json().getBoolean("passed"));
  }

  @Test
  void workLeftOnTheContextOfAnAnsweredRequestIsNotBoundByItsDeadline(Vertx vertx) throws Exception {
    Served s = serve(vertx);
    assertEquals(200, s.api().get("/then-more").status());
    assertEquals(false, s.workAfterTheAnswerSawADeadline().get(5, TimeUnit.SECONDS),
      "a relay kicked or a timer set by a request is not the request's work");
  }
}
