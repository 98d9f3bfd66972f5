package shop.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * The launcher's own directory ({@code ./.shop-data} by default): the embedded database, the
 * generated secret key and admin password. Secrets are files readable by the owner only, so a
 * restart reuses them and tokens issued before it stay valid.
 */
public final class DataDir {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String PASSWORD_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

  private final Path root;

  private DataDir(Path root) {
    this.root = root;
  }

  public static DataDir open(Path root) {
    try {
      Path abs = root.toAbsolutePath().normalize();
      Files.createDirectories(abs);
      ownerOnly(abs, "rwx------");
      return new DataDir(abs);
    } catch (IOException e) {
      throw new LaunchException("Cannot create the data directory " + root + ": " + e.getMessage(), e);
    }
  }

  public Path root() {
    return root;
  }

  public Path resolve(String name) {
    return root.resolve(name);
  }

  /** A secret kept in {@code name}: read when the file exists, else made by {@code generator} and written 0600. */
  public Secret secret(String name, Supplier<String> generator) {
    Path file = root.resolve(name);
    try {
      if (Files.exists(file)) {
        return new Secret(Files.readString(file, StandardCharsets.UTF_8).trim(), false);
      }
      String value = generator.get();
      Path tmp = Files.createTempFile(root, name, ".tmp");
      ownerOnly(tmp, "rw-------");
      Files.writeString(tmp, value + "\n", StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file);
      } catch (FileAlreadyExistsException raced) {
        Files.deleteIfExists(tmp);
        return new Secret(Files.readString(file, StandardCharsets.UTF_8).trim(), false);
      }
      return new Secret(value, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep " + file, e);
    }
  }

  /** Writes {@code name} readable by the owner only (it may hold the key), replacing what was there. */
  public Path writePrivate(String name, String content) {
    Path file = root.resolve(name);
    try {
      Path tmp = Files.createTempFile(root, name, ".tmp");
      ownerOnly(tmp, "rw-------");
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** A value and whether it was made just now (so it is shown once, on the first start). */
  public record Secret(String value, boolean created) {
  }

  /** 48 random bytes, URL-safe base64: comfortably above the 32 bytes HS256 needs. */
  public static String randomKey() {
    byte[] bytes = new byte[48];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** 16 characters without look-alikes (no 0/O, 1/l/I), typed by a person from the banner. */
  public static String randomPassword() {
    StringBuilder sb = new StringBuilder(16);
    for (int i = 0; i < 16; i++) {
      sb.append(PASSWORD_CHARS.charAt(RANDOM.nextInt(PASSWORD_CHARS.length())));
    }
    return sb.toString();
  }

  private static void ownerOnly(Path path, String perms) throws IOException {
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(perms));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the user's profile directory already keeps files private
    }
  }
}
