package shop.notification;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shop.common.delivery.GroupBuffer;

import java.util.List;

/**
 * Group commit of {@code POST /notifications}: posts that arrive together (up to
 * {@code NOTIFICATION_GROUP_SIZE}, within {@code NOTIFICATION_GROUP_MS}) are stored with one INSERT
 * and one SELECT ({@link NotificationRepository#insert}), the new rows under one claim, and their
 * first attempts are made together under it; each caller is answered its own row.
 */
final class NotificationIntake {

  private static final Logger LOG = LoggerFactory.getLogger(NotificationIntake.class);

  private final NotificationRepository notifications;
  private final Dispatcher dispatcher;
  private final GroupBuffer<NotificationRepository.Incoming, NotificationRepository.Stored> posts;

  NotificationIntake(Vertx vertx, NotificationRepository notifications, Dispatcher dispatcher,
                     NotificationConfig.Delivery delivery) {
    this.notifications = notifications;
    this.dispatcher = dispatcher;
    this.posts = new GroupBuffer<>(vertx, delivery.groupSize(), delivery.groupMs(), this::store);
  }

  /** Stores {@code in} (or finds the row of its event_id) with its group. */
  Future<NotificationRepository.Stored> post(NotificationInput in, String title) {
    return posts.add(NotificationRepository.Incoming.of(in, title));
  }

  /** Stores the posts waiting now; completes once no group is being stored. */
  Future<Void> drain() {
    return posts.drain();
  }

  private Future<List<NotificationRepository.Stored>> store(List<NotificationRepository.Incoming> group) {
    Dispatcher.Claim claim = dispatcher.newClaim();
    return notifications.insert(group, claim).onSuccess(stored -> {
      List<Notification> created = stored.stream().filter(NotificationRepository.Stored::created)
        .map(NotificationRepository.Stored::notification).toList();
      if (!created.isEmpty()) {
        dispatcher.deliverClaimed(created, claim).onFailure(err -> LOG.warn(
          "notifications {}: immediate attempt failed, the poll will retry: {}",
          created.stream().map(Notification::id).toList(), err.toString()));
      }
    });
  }
}
