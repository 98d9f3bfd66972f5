package shop.user;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import shop.common.error.Unavailable;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hashing off the event loop: a shared worker pool sized to the cores (each hash holds 19 MiB,
 * so more threads than cores only costs memory), and a bound on queued work so a login flood
 * answers 503 at once instead of queueing for minutes.
 */
final class Passwords {

  static final String POOL_NAME = "user-argon2";

  private final PasswordHasher hasher;
  private final WorkerExecutor workers;
  private final int queueLimit;
  private final AtomicInteger inFlight = new AtomicInteger();
  private String dummyHash;

  Passwords(Vertx vertx, PasswordHasher hasher, int workers, int queueLimit) {
    this.hasher = hasher;
    this.workers = vertx.createSharedWorkerExecutor(POOL_NAME, workers);
    this.queueLimit = queueLimit;
  }

  /** Makes the hash unknown users are checked against, so they cost what a real user costs. */
  Future<Void> init() {
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    return hash(HexFormat.of().formatHex(random)).map(h -> {
      dummyHash = h;
      return null;
    });
  }

  Future<String> hash(String password) {
    return run(() -> hasher.hash(password));
  }

  Future<Boolean> verify(String password, String encoded) {
    return run(() -> hasher.verify(password, encoded));
  }

  /** Burns the same work as {@link #verify} against a real hash; always false. */
  Future<Boolean> verifyDummy(String password) {
    return run(() -> {
      hasher.verify(password, dummyHash);
      return false;
    });
  }

  boolean needsRehash(String encoded) {
    return hasher.needsRehash(encoded);
  }

  private <T> Future<T> run(Callable<T> work) {
    if (inFlight.incrementAndGet() > queueLimit) {
      inFlight.decrementAndGet();
      return Future.failedFuture(new Unavailable("Too many logins in progress, try again"));
    }
    return workers.executeBlocking(work, false).andThen(ar -> inFlight.decrementAndGet());
  }

  Future<Void> close() {
    return workers.close();
  }
}
