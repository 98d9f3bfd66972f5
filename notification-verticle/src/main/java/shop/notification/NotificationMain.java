package shop.notification;

import shop.common.ServiceMain;

/** {@code java -jar notification-verticle.jar}: the notification service on its own. */
public final class NotificationMain {

  private NotificationMain() {
  }

  public static void main(String[] args) {
    ServiceMain.run(NotificationConfig.NAME, NotificationVerticle::new);
  }
}
