package shop.user;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Argon2id in the PHC string form {@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}
 * (unpadded standard Base64, as libargon2 and passlib write it). CPU- and memory-heavy:
 * call it from a worker thread only ({@link Passwords} does).
 */
public final class PasswordHasher {

  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  /** A stored hash naming more than 1 GiB is treated as malformed rather than allocated. */
  private static final int MAX_MEMORY_KIB = 1 << 20;
  private static final Pattern PHC = Pattern.compile(
    "^\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]{11,64})\\$([A-Za-z0-9+/]{16,128})$");
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private final Argon2Params params;
  private final SecureRandom random = new SecureRandom();

  public PasswordHasher(Argon2Params params) {
    this.params = params;
  }

  public Argon2Params params() {
    return params;
  }

  public String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] hash = derive(password, salt, params, HASH_BYTES);
    return "$argon2id$v=19$m=" + params.memoryKib() + ",t=" + params.iterations() + ",p=" + params.parallelism()
      + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
  }

  /** True when {@code password} matches {@code encoded}; compares in constant time. A malformed hash never matches. */
  public boolean verify(String password, String encoded) {
    Parsed p = parse(encoded);
    if (p == null) {
      return false;
    }
    byte[] actual = derive(password, p.salt(), p.params(), p.hash().length);
    return MessageDigest.isEqual(actual, p.hash());
  }

  /** True when {@code encoded} was made with weaker settings than ours (rehash it at the next login). */
  public boolean needsRehash(String encoded) {
    Parsed p = parse(encoded);
    return p == null || !p.params().atLeast(params);
  }

  /** The cost an encoded hash was made with, or null when it is not an Argon2id PHC string. */
  public static Argon2Params paramsOf(String encoded) {
    Parsed p = parse(encoded);
    return p == null ? null : p.params();
  }

  private record Parsed(Argon2Params params, byte[] salt, byte[] hash) {
  }

  private static Parsed parse(String encoded) {
    if (encoded == null) {
      return null;
    }
    Matcher m = PHC.matcher(encoded);
    if (!m.matches()) {
      return null;
    }
    try {
      Argon2Params params = new Argon2Params(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
        Integer.parseInt(m.group(3)));
      if (params.parallelism() < 1 || params.iterations() < 1 || params.memoryKib() < 8 * params.parallelism()
        || params.memoryKib() > MAX_MEMORY_KIB) {
        return null;
      }
      return new Parsed(params, B64D.decode(m.group(4)), B64D.decode(m.group(5)));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static byte[] derive(String password, byte[] salt, Argon2Params params, int length) {
    Argon2BytesGenerator gen = new Argon2BytesGenerator();
    gen.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
      .withVersion(Argon2Parameters.ARGON2_VERSION_13)
      .withMemoryAsKB(params.memoryKib())
      .withIterations(params.iterations())
      .withParallelism(params.parallelism())
      .withSalt(salt)
      .build());
    byte[] pwd = password.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[length];
    try {
      gen.generateBytes(pwd, out);
    } finally {
      Arrays.fill(pwd, (byte) 0);
    }
    return out;
  }
}
