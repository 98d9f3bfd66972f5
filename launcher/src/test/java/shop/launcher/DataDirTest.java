package shop.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataDirTest {

  @Test
  void aGeneratedSecretIsKeptOwnerOnlyAndReusedAfterARestart(@TempDir Path tmp) throws Exception {
    DataDir dir = DataDir.open(tmp.resolve(".shop-data"));
    DataDir.Secret first = dir.secret("secret-key", DataDir::randomKey);
    assertTrue(first.created());
    assertTrue(first.value().length() >= 32);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("secret-key"))));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.root())));

    DataDir.Secret again = DataDir.open(tmp.resolve(".shop-data")).secret("secret-key", DataDir::randomKey);
    assertFalse(again.created(), "the second start reads it, so it is not shown again");
    assertEquals(first.value(), again.value());
  }

  @Test
  void generatedPasswordsAreLongAndUnambiguous() {
    String p = DataDir.randomPassword();
    assertEquals(16, p.length());
    assertTrue(p.chars().noneMatch(c -> "0O1lI".indexOf(c) >= 0), p);
  }
}
