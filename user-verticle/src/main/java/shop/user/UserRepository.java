package shop.user;

import io.vertx.core.Future;
import io.vertx.mysqlclient.MySQLClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import shop.common.db.Database;
import shop.common.error.Conflict;
import shop.common.value.Listing;
import shop.common.value.Page;

import java.util.Optional;

/**
 * Users SQL: rows or empty. Emails and usernames are matched on {@code email_key} and
 * {@code username_key} ({@link Identity#key}), so duplicates and logins follow one explicit
 * normalisation. A write that breaks one of those unique keys fails with the {@link Conflict} that
 * names it: only here are the keys known.
 */
final class UserRepository {

  static final String CUSTOMER_ROLES = "customer";
  static final String ADMIN_ROLES = "admin,customer";

  private static final String BY_ID = "SELECT " + User.COLUMNS + " FROM users WHERE id = ?";
  private static final String BY_EMAIL = "SELECT " + User.COLUMNS + " FROM users WHERE email_key = ?";
  private static final String BY_USERNAME = "SELECT " + User.COLUMNS + " FROM users WHERE username_key = ?";
  private static final String TAKEN = "SELECT username_key = ? AS same_username, email_key = ? AS same_email "
    + "FROM users WHERE username_key = ? OR email_key = ? LIMIT 2";
  /* ? is a LIKE pattern for the search, or NULL for everyone */
  private static final String MATCHING = " FROM users WHERE ? IS NULL OR username LIKE ? ESCAPE '!' "
    + "OR email LIKE ? ESCAPE '!' OR first_name LIKE ? ESCAPE '!' OR last_name LIKE ? ESCAPE '!'";
  private static final String LIST = "SELECT " + User.COLUMNS + MATCHING + " ORDER BY id LIMIT ? OFFSET ?";
  private static final String COUNT = "SELECT COUNT(*)" + MATCHING;
  private static final String INSERT = "INSERT INTO users (username, username_key, email, email_key, password_hash, "
    + "first_name, last_name, roles, is_active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, TRUE, "
    + "UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))";
  private static final String UPDATE_PROFILE = "UPDATE users SET email = COALESCE(?, email), "
    + "email_key = COALESCE(?, email_key), first_name = IF(?, ?, first_name), last_name = IF(?, ?, last_name), "
    + "updated_at = UTC_TIMESTAMP(3) WHERE id = ?";
  private static final String UPDATE_HASH = "UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?";

  private final Pool pool;

  UserRepository(Pool pool) {
    this.pool = pool;
  }

  Pool pool() {
    return pool;
  }

  static String emailKey(String email) {
    return Identity.key(email);
  }

  Future<Optional<User>> find(long id) {
    return pool.preparedQuery(BY_ID).execute(Tuple.of(id)).map(rows -> Database.first(rows, User::from));
  }

  /** The user named by the login body, or empty. */
  Future<Optional<User>> findForLogin(UserInput.Login login) {
    Future<RowSet<Row>> rows = login.email() != null
      ? pool.preparedQuery(BY_EMAIL).execute(Tuple.of(emailKey(login.email())))
      : pool.preparedQuery(BY_USERNAME).execute(Tuple.of(Identity.key(login.username())));
    return rows.map(r -> Database.first(r, User::from));
  }

  /**
   * Which of the username (null: not asked) and the email (under {@link Identity#key}) someone has:
   * the conflict to report, the username's first, or empty when both are free.
   */
  Future<Optional<Conflict>> taken(String username, String email) {
    String key = emailKey(email);
    String name = username == null ? "" : Identity.key(username);
    return pool.preparedQuery(TAKEN).execute(Tuple.of(name, key, name, key)).map(rows -> {
      for (Row r : rows) {
        if (User.flag(r.getValue("same_username"))) {
          return Optional.of(duplicateUsername());
        }
        if (User.flag(r.getValue("same_email"))) {
          return Optional.of(duplicateEmail());
        }
      }
      return Optional.empty();
    });
  }

  /** Inserts a user inside {@code tx}; a duplicate fails with the conflict naming the field. */
  static Future<Long> insert(SqlClient tx, String username, String email, String hash, String firstName,
                             String lastName, String roles) {
    return tx.preparedQuery(INSERT)
      .execute(Tuple.of(username, Identity.key(username), email, emailKey(email), hash, firstName, lastName, roles))
      .map(rows -> rows.property(MySQLClient.LAST_INSERTED_ID))
      .recover(UserRepository::namedDuplicate);
  }

  /** The user as updated, or empty when there is none. */
  Future<Optional<User>> updateProfile(long id, UserInput.ProfileUpdate up) {
    String key = up.email() == null ? null : emailKey(up.email());
    return pool.preparedQuery(UPDATE_PROFILE)
      .execute(Tuple.of(up.email(), key, up.firstName() != null, UserInput.blankToNull(up.firstName()),
        up.lastName() != null, UserInput.blankToNull(up.lastName()), id))
      .recover(UserRepository::namedDuplicate)
      .compose(rows -> find(id));
  }

  /** Replaces a hash made with weaker settings; a concurrent change of password wins. */
  Future<Void> upgradeHash(long id, String oldHash, String newHash) {
    return pool.preparedQuery(UPDATE_HASH).execute(Tuple.of(newHash, id, oldHash)).mapEmpty();
  }

  /** A page of users, those whose username, email or names contain {@code query} when it is not null. */
  Future<Listing<User>> list(Page page, String query) {
    String like = query == null ? null : "%" + query.replaceAll("([!%_])", "!$1") + "%";
    Future<RowSet<Row>> rows = pool.preparedQuery(LIST)
      .execute(Tuple.of(like, like, like, like, like, page.perPage(), page.offset()));
    Future<RowSet<Row>> count = pool.preparedQuery(COUNT).execute(Tuple.of(like, like, like, like, like));
    return Database.listing(rows, count, User::from);
  }

  static <T> Future<T> namedDuplicate(Throwable err) {
    if (Database.isDuplicateKey(err)) {
      String msg = String.valueOf(err.getMessage());
      if (msg.contains("users_email_key")) {
        return Future.failedFuture(duplicateEmail());
      }
      if (msg.contains("users_username_key")) {
        return Future.failedFuture(duplicateUsername());
      }
    }
    return Future.failedFuture(err);
  }

  static boolean isDuplicateUsername(Throwable err) {
    return err instanceof Conflict e && "duplicate_username".equals(e.code());
  }

  private static Conflict duplicateUsername() {
    return new Conflict("duplicate_username", "Username already exists");
  }

  private static Conflict duplicateEmail() {
    return new Conflict("duplicate_email", "Email already exists");
  }
}
