package shop.user;

import io.vertx.core.json.JsonObject;
import shop.common.http.ApiError;
import shop.common.http.Fields;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Request bodies, read field by field: only the named fields are taken, so a body carrying
 * {@code roles}, {@code is_active}, {@code id} or {@code password_hash} changes none of them.
 */
final class UserInput {

  static final int MIN_PASSWORD = 8;
  static final int MAX_PASSWORD = 128;
  static final int MAX_EMAIL = 254;
  static final int MAX_USERNAME = 50;
  static final int MAX_NAME = 100;
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s\"<>(),;:\\\\\\[\\]]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+$");
  private static final Pattern USERNAME = Pattern.compile("^[\\p{L}\\p{N}_.-]{3," + MAX_USERNAME + "}$");

  private UserInput() {
  }

  /** {@code username} (or {@code name}, to derive one from), email, password, optional names. */
  record Registration(String username, String derivedFrom, String email, String password, String firstName,
                      String lastName) {
  }

  record Login(String email, String username, String password) {

    /** The login name's identity key: what the per-account counter of an unknown name is keyed by. */
    String identifier() {
      return Identity.key(email != null ? email : username);
    }
  }

  /** A new password for the caller, who proves they know the current one. */
  record PasswordChange(String currentPassword, String newPassword) {
  }

  /** Profile changes; null means "leave as is". */
  record ProfileUpdate(String email, String firstName, String lastName) {
  }

  static Registration registration(JsonObject body) {
    Fields f = new Fields(body);
    String username = f.string("username", false, 1, MAX_USERNAME);
    String name = null;
    if (username == null && !f.has("username")) {
      name = f.string("name", true, 1, MAX_NAME);
      if (name == null && !f.has("name")) {
        f.error("username", "is required (or give name)");
      }
    } else if (username != null && !USERNAME.matcher(username).matches()) {
      f.error("username", "must be 3 to " + MAX_USERNAME + " letters, digits, '_', '.' or '-'");
    } else if (username != null && Identity.key(username).length() > Identity.MAX_KEY) {
      f.error("username", "is too long once normalised");
    }
    String email = email(f, true);
    String password = password(f, "password");
    String firstName = f.string("first_name", false, 0, MAX_NAME);
    String lastName = f.string("last_name", false, 0, MAX_NAME);
    f.check();
    if (name != null && firstName == null && lastName == null) {
      int space = name.indexOf(' ');
      firstName = space < 0 ? name : name.substring(0, space);
      lastName = space < 0 ? null : name.substring(space + 1).trim();
    }
    return new Registration(username, name, email, password, blankToNull(firstName), blankToNull(lastName));
  }

  static Login login(JsonObject body) {
    Fields f = new Fields(body);
    String email = f.string("email", false, 1, MAX_EMAIL);
    String username = email == null ? f.string("username", false, 1, MAX_USERNAME) : null;
    if (email == null && username == null && f.ok()) {
      f.error("email", "email or username is required");
    }
    Object raw = body.getValue("password");
    String password = null;
    if (raw == null) {
      f.error("password", "is required");
    } else if (!(raw instanceof String s) || s.isEmpty() || s.length() > MAX_PASSWORD) {
      f.error("password", "must be a string of 1 to " + MAX_PASSWORD + " characters");
    } else {
      password = s;
    }
    f.check();
    return new Login(email, username, password);
  }

  static PasswordChange passwordChange(JsonObject body) {
    Fields f = new Fields(body);
    Object current = body.getValue("current_password");
    if (!(current instanceof String c) || c.isEmpty() || c.length() > MAX_PASSWORD) {
      f.error("current_password", current == null ? "is required"
        : "must be a string of 1 to " + MAX_PASSWORD + " characters");
    }
    String next = password(f, "new_password");
    f.check();
    return new PasswordChange((String) current, next);
  }

  /** An admin's change of an account's state: {@code {"is_active": true|false}}. */
  static boolean activation(JsonObject body) {
    Object v = body.getValue("is_active");
    if (!(v instanceof Boolean active)) {
      throw ApiError.invalid(new JsonObject().put("is_active", v == null ? "is required" : "must be true or false"));
    }
    return active;
  }

  static ProfileUpdate profile(JsonObject body) {
    Fields f = new Fields(body);
    String email = email(f, false);
    String firstName = f.string("first_name", false, 0, MAX_NAME);
    String lastName = f.string("last_name", false, 0, MAX_NAME);
    f.check();
    return new ProfileUpdate(email, firstName, lastName);
  }

  static boolean isEmail(String s) {
    return s != null && s.length() <= MAX_EMAIL && EMAIL.matcher(s).matches();
  }

  private static String email(Fields f, boolean required) {
    String email = f.string("email", required, 1, MAX_EMAIL);
    if (email != null && !isEmail(email)) {
      f.error("email", "is not a valid email address");
      return null;
    }
    if (email != null && Identity.key(email).length() > Identity.MAX_EMAIL_KEY) {
      f.error("email", "is too long once normalised");
      return null;
    }
    return email;
  }

  /** Passwords are taken as typed (not trimmed): spaces are part of a passphrase. */
  private static String password(Fields f, String name) {
    Object raw = f.body().getValue(name);
    if (raw == null) {
      f.error(name, "is required");
      return null;
    }
    if (!(raw instanceof String s)) {
      f.error(name, "must be a string");
      return null;
    }
    if (s.length() < MIN_PASSWORD) {
      f.error(name, "must be at least " + MIN_PASSWORD + " characters");
      return null;
    }
    if (s.length() > MAX_PASSWORD) {
      f.error(name, "must be at most " + MAX_PASSWORD + " characters");
      return null;
    }
    return s;
  }

  static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** A username made from a display name: "José Smith" -> "jose_smith"; uniqueness is the caller's job. */
  static String usernameFrom(String name, String email) {
    String base = slug(name);
    if (base.length() < 3) {
      base = slug(email.substring(0, email.indexOf('@')));
    }
    if (base.length() < 3) {
      base = "user";
    }
    return base.length() > 40 ? base.substring(0, 40) : base;
  }

  private static String slug(String s) {
    String ascii = Normalizer.normalize(s, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
    return ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
  }
}
