package shop.user;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import shop.common.outbox.Outbox;
import shop.common.outbox.OutboxMessage;

/**
 * The welcome email, as an outbox row written in the registering transaction: the user and the
 * promise to greet them commit together, and registration never waits on the notification service.
 */
final class WelcomeEmail {

  static final String DESTINATION = "notification";
  static final String CATEGORY = "user_registration";

  private final Runnable afterCommit;

  /** {@code afterCommit} nudges the relay so the email leaves now rather than at the next poll. */
  WelcomeEmail(Runnable afterCommit) {
    this.afterCommit = afterCommit;
  }

  Future<Void> enqueue(SqlClient tx, long userId, String username, String email, String firstName) {
    return Outbox.enqueue(tx, message(userId, username, email, firstName));
  }

  void committed() {
    afterCommit.run();
  }

  static OutboxMessage message(long userId, String username, String email, String firstName) {
    String greeting = firstName != null ? firstName : username;
    JsonObject body = new JsonObject()
      .put("event_id", CATEGORY + ":" + userId)
      .put("user_id", userId)
      .put("category", CATEGORY)
      .put("email", email)
      .put("title", "Welcome to Shop")
      .put("message", "Hi " + greeting + ", your Shop account is ready. Happy shopping!")
      .put("data", new JsonObject().put("username", username).put("first_name", firstName));
    return OutboxMessage.post(CATEGORY + ":" + userId, DESTINATION, "/notifications", body);
  }
}
