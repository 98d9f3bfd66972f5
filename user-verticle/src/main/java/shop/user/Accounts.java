package shop.user;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shop.common.auth.Auth;
import shop.common.db.Database;
import shop.common.error.Forbidden;
import shop.common.error.NotFound;
import shop.common.error.Unauthenticated;

import java.util.concurrent.ThreadLocalRandom;

/** Registration and login: the rules between the routes and the SQL. */
final class Accounts {

  private static final Logger LOG = LoggerFactory.getLogger(Accounts.class);
  private static final int DERIVED_USERNAME_ATTEMPTS = 6;

  private final Vertx vertx;
  private final UserRepository users;
  private final Passwords passwords;
  private final LoginThrottle throttle;
  private final Auth auth;
  private final WelcomeEmail welcome;
  private final AccountChanges changes;

  Accounts(Vertx vertx, UserRepository users, Passwords passwords, LoginThrottle throttle, Auth auth,
           WelcomeEmail welcome, AccountChanges changes) {
    this.vertx = vertx;
    this.users = users;
    this.passwords = passwords;
    this.throttle = throttle;
    this.auth = auth;
    this.welcome = welcome;
    this.changes = changes;
  }

  /**
   * Checks for duplicates first (cheap, and spares a hash), hashes on a worker, then inserts the
   * user and its welcome email in one transaction; the unique keys decide races.
   */
  Future<User> register(UserInput.Registration in) {
    boolean derived = in.username() == null;
    String username = derived ? UserInput.usernameFrom(in.derivedFrom(), in.email()) : in.username();
    return users.taken(derived ? null : username, in.email())
      .compose(taken -> taken.isPresent() ? Future.failedFuture(taken.get()) : passwords.hash(in.password()))
      .compose(hash -> insert(in, username, hash, derived, 1))
      .onSuccess(id -> welcome.committed())
      .compose(this::find)
      .onSuccess(u -> LOG.info("registered user {} ({})", u.id(), u.username()));
  }

  /** The user; 404 when there is none (any more). */
  Future<User> find(long id) {
    return users.find(id).map(found -> found.orElseThrow(() -> new NotFound("User " + id + " not found")));
  }

  private Future<Long> insert(UserInput.Registration in, String username, String hash, boolean derived, int attempt) {
    return Database.inTransaction(vertx, users.pool(), tx ->
        UserRepository.insert(tx, username, in.email(), hash, in.firstName(), in.lastName(),
            UserRepository.CUSTOMER_ROLES)
          .compose(id -> welcome.enqueue(tx, id, username, in.email(), in.firstName()).map(id)))
      .recover(err -> {
        if (derived && UserRepository.isDuplicateUsername(err) && attempt < DERIVED_USERNAME_ATTEMPTS) {
          String base = UserInput.usernameFrom(in.derivedFrom(), in.email());
          int suffix = ThreadLocalRandom.current().nextInt(attempt < 3 ? 1_000 : 100_000, attempt < 3 ? 10_000 : 1_000_000);
          return insert(in, base + "_" + suffix, hash, true, attempt + 1);
        }
        return Future.failedFuture(err);
      });
  }

  /**
   * Same answer, and the same work (one Argon2 check), for an unknown user, a wrong password and
   * a disabled account. Throttled attempts are refused before any hashing.
   */
  Future<JsonObject> login(UserInput.Login in, String address) {
    return users.findForLogin(in).compose(found -> {
      String accountKey = found.map(u -> "user:" + u.id()).orElse("login:" + in.identifier());
      return throttle.admit(accountKey, address)
        .compose(v -> found.isEmpty() ? passwords.verifyDummy(in.password())
          : passwords.verify(in.password(), found.get().passwordHash()))
        .compose(ok -> ok && found.isPresent() && found.get().active()
          ? throttle.succeeded(accountKey).map(v -> loggedIn(found.get(), in.password()))
          : throttle.failed(accountKey, address).compose(v -> Future.failedFuture(invalidCredentials())));
    });
  }

  /**
   * A new password for the caller, given the current one: throttled like a login (a stolen token
   * must not become a way to guess the password), then every other session of the user ends
   * (the token version moves on) and the answer carries a fresh token for this one.
   */
  Future<JsonObject> changePassword(long userId, UserInput.PasswordChange in, String address) {
    return find(userId).compose(user -> {
      String accountKey = "user:" + user.id();
      return throttle.admit(accountKey, address)
        .compose(v -> passwords.verify(in.currentPassword(), user.passwordHash()))
        .compose(ok -> ok ? throttle.succeeded(accountKey)
          : throttle.failed(accountKey, address).compose(v -> Future.failedFuture(
            new Forbidden("wrong_password", "The current password is not right"))))
        .compose(v -> passwords.hash(in.newPassword()))
        .compose(hash -> changes.setPassword(user.id(), user.passwordHash(), hash))
        .map(updated -> new JsonObject()
          .put("message", "Password changed")
          .put("token", token(updated))
          .put("user", updated.toJson()));
    });
  }

  private String token(User user) {
    return auth.userToken(user.id(), user.username(), user.email(), user.roles(), user.tokenVersion());
  }

  private JsonObject loggedIn(User user, String password) {
    if (passwords.needsRehash(user.passwordHash())) {
      passwords.hash(password)
        .compose(h -> users.upgradeHash(user.id(), user.passwordHash(), h))
        .onFailure(err -> LOG.warn("could not upgrade the password hash of user {}: {}", user.id(), err.toString()));
    }
    return new JsonObject()
      .put("message", "Login successful")
      .put("token", token(user))
      .put("user", user.toJson());
  }

  static Unauthenticated invalidCredentials() {
    return new Unauthenticated("Invalid credentials");
  }
}
