package shop.reliability.harness;

import java.time.Duration;

/**
 * The short profile (CI, every {@code ./mvnw verify}) or the long one ({@code -Dreliability.long=true}):
 * the same checks, with fewer requests and shorter faults in the short one.
 */
public final class Profile {

  public static final boolean LONG = Boolean.getBoolean("reliability.long");

  private Profile() {
  }

  public static String name() {
    return LONG ? "long" : "short";
  }

  /** {@code full} (the number) in the long profile, {@code ci} in the short one. */
  public static int count(int ci, int full) {
    return LONG ? full : ci;
  }

  public static Duration seconds(int ci, int full) {
    return Duration.ofSeconds(LONG ? full : ci);
  }
}
