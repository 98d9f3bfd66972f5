package shop.loadtest;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.CopyOnWriteArrayList;

/** Emails of accounts registered earlier in this run, so later shoppers can log in instead of registering. */
final class AccountPool {

  private static final int MAX = 500;
  private static final CopyOnWriteArrayList<String> EMAILS = new CopyOnWriteArrayList<>();

  private AccountPool() {
  }

  /** A random known account, or null while none has registered yet. */
  static String take() {
    int n = EMAILS.size();
    return n == 0 ? null : EMAILS.get(ThreadLocalRandom.current().nextInt(n));
  }

  static void offer(String email) {
    if (email != null && EMAILS.size() < MAX) {
      EMAILS.add(email);
    }
  }
}
