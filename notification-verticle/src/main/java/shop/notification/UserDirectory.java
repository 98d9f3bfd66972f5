package shop.notification;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.codec.BodyCodec;
import shop.common.auth.Auth;
import shop.common.config.ServiceUrl;
import shop.common.http.Outgoing;

/** Finds a user's email address at the user service, for notifications posted without {@code email}. */
final class UserDirectory {

  static final long TIMEOUT_MS = 3_000;

  /** The user does not exist or has no address: retrying will not help. */
  static final class NoRecipient extends RuntimeException {
    NoRecipient(String message) {
      super(message, null, false, false);
    }
  }

  private final WebClient client;
  private final String caller;
  private final ServiceUrl users;
  private final Auth auth;

  /** {@code caller}: this service's name, on its user agent and its service tokens. */
  UserDirectory(Vertx vertx, String caller, ServiceUrl users, Auth auth) {
    this.client = Outgoing.client(vertx, caller);
    this.caller = caller;
    this.users = users;
    this.auth = auth;
  }

  Future<String> email(long userId) {
    return client.get(users.port(), users.host(), "/users/" + userId)
      .ssl(users.ssl())
      .timeout(TIMEOUT_MS)
      .putHeader("Authorization", auth.serviceToken(caller))
      .as(BodyCodec.buffer())
      .send()
      .map(resp -> {
        if (resp.statusCode() == 404) {
          throw new NoRecipient("user " + userId + " not found at the user service");
        }
        if (resp.statusCode() != 200) {
          throw new IllegalStateException("user service answered " + resp.statusCode());
        }
        JsonObject body = resp.body().toJsonObject();
        String email = body.getString("email");
        if (email == null || email.isBlank()) {
          throw new NoRecipient("user " + userId + " has no email address");
        }
        return email.trim();
      });
  }

  void close() {
    client.close();
  }
}
