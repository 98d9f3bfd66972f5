import shop.user.Argon2Params;
import shop.user.PasswordHasher;

/** java -cp user-verticle/target/user-verticle.jar user-verticle/bench/HashTime.java : one thread, OWASP minimum. */
public class HashTime {
  public static void main(String[] args) {
    PasswordHasher h = new PasswordHasher(Argon2Params.OWASP_MIN);
    String hash = h.hash("warm-up-password");
    for (int i = 0; i < 5; i++) {
      h.verify("warm-up-password", hash);
    }
    int n = 20;
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      h.verify("warm-up-password", hash);
    }
    double ms = (System.nanoTime() - t0) / 1e6 / n;
    System.out.printf("Argon2id m=19456 t=2 p=1: %.1f ms per verify, %.1f/s on one thread%n", ms, 1000 / ms);
  }
}
