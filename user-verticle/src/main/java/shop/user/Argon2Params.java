package shop.user;

/** Argon2id cost: memory in KiB, iterations, lanes. */
public record Argon2Params(int memoryKib, int iterations, int parallelism) {

  /** OWASP's minimum for Argon2id: 19 MiB, two passes, one lane. */
  public static final Argon2Params OWASP_MIN = new Argon2Params(19_456, 2, 1);

  public boolean atLeast(Argon2Params other) {
    return memoryKib >= other.memoryKib && iterations >= other.iterations && parallelism >= other.parallelism;
  }
}
