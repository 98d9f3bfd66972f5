package shop.user;

import shop.common.ServiceMain;

/** {@code java -jar user-verticle.jar}: the user service on its own. */
public final class UserMain {

  private UserMain() {
  }

  public static void main(String[] args) {
    ServiceMain.run(UserConfig.NAME, UserVerticle::new);
  }
}
