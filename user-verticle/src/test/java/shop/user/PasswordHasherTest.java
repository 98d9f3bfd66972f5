package shop.user;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswordHasherTest {

  /** Made by the reference implementation: {@code echo -n 'correct horse battery staple' | argon2 saltsaltsalt1234 -id -k 19456 -t 2 -p 1 -l 32 -e}. */
  static final String LIBARGON2 =
    "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0MTIzNA$3sOlQyZQ3asEqhCko2TQGcIzwlkxeNQtuSu1sisMsMg";

  final PasswordHasher hasher = new PasswordHasher(Argon2Params.OWASP_MIN);

  @Test
  void hashesInThePhcFormWithOwaspParameters() {
    String hash = hasher.hash("correct horse battery staple");
    assertTrue(hash.matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}"), hash);
    assertEquals(Argon2Params.OWASP_MIN, PasswordHasher.paramsOf(hash));
    assertNotEquals(hash, hasher.hash("correct horse battery staple"), "a fresh salt every time");
    assertTrue(hasher.verify("correct horse battery staple", hash));
    assertFalse(hasher.verify("correct horse battery stapler", hash));
  }

  @Test
  void agreesWithTheReferenceImplementation() {
    assertTrue(hasher.verify("correct horse battery staple", LIBARGON2));
    assertFalse(hasher.verify("Correct horse battery staple", LIBARGON2));
  }

  @Test
  void malformedOrForeignHashesNeverMatch() {
    assertFalse(hasher.verify("x", null));
    assertFalse(hasher.verify("x", ""));
    assertFalse(hasher.verify("x", "$2b$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234"));
    assertFalse(hasher.verify("x", "$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0MTIzNA$3sOlQyZQ3asEqhCko2TQGcIzwlkxeNQtuSu1sisMsMg"));
    assertFalse(hasher.verify("x", "$argon2id$v=19$m=9999999,t=2,p=1$c2FsdHNhbHRzYWx0MTIzNA$3sOlQyZQ3asEqhCko2TQGcIzwlkxeNQtuSu1sisMsMg"));
    assertNull(PasswordHasher.paramsOf("plain"));
  }

  @Test
  void weakerHashesAskForARehash() {
    String weak = new PasswordHasher(new Argon2Params(8_192, 1, 1)).hash("pw-pw-pw-pw");
    assertTrue(hasher.needsRehash(weak));
    assertTrue(hasher.verify("pw-pw-pw-pw", weak), "old hashes still log in");
    assertFalse(hasher.needsRehash(hasher.hash("pw-pw-pw-pw")));
  }
}
