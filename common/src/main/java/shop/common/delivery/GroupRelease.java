package shop.common.delivery;

import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One release statement for many claimed rows that ended the same way, each with its own values and
 * its own claim: {@code set} is a SET list whose {@code ?} are per-row values (e.g.
 * {@code "attempts = attempts + 1, last_status = ?"}). A placeholder every row gives the same value
 * stays one {@code ?}; one whose values differ becomes {@code (CASE id WHEN ? THEN ? … END)}. The
 * claim is such a value too, so rows of different claims go in one statement and each is released
 * only by the claim that holds it:
 * {@code UPDATE t SET <set>, claimed_by = NULL, claim_until = NULL WHERE id IN (…) AND claimed_by = <claim>}.
 * Should one row come twice (held, released and claimed again before the group was written), the
 * first wins and the other is left claimed, to go out again when its claim runs out.
 */
public final class GroupRelease {

  private static final String IDS = "<ids>";

  private final String[] setParts;
  private final List<Long> ids = new ArrayList<>();
  private final List<Object[]> values = new ArrayList<>();

  public GroupRelease(String set) {
    this.setParts = (set + ", claimed_by = NULL, claim_until = NULL WHERE id IN (" + IDS + ") AND claimed_by = ?").split("\\?", -1);
  }

  /** Row {@code id}, held by {@code claim}, with one value per {@code ?} of the SET list (nulls allowed). */
  public GroupRelease add(long id, String claim, Object... rowValues) {
    if (rowValues.length != setParts.length - 2) {
      throw new IllegalArgumentException("expected " + (setParts.length - 2) + " values, got " + rowValues.length);
    }
    Object[] all = Arrays.copyOf(rowValues, rowValues.length + 1);
    all[rowValues.length] = claim;
    ids.add(id);
    values.add(all);
    return this;
  }

  public boolean isEmpty() {
    return ids.isEmpty();
  }

  public List<Long> ids() {
    return Collections.unmodifiableList(ids);
  }

  /** The statement over {@code table} and its arguments. */
  Statement statement(String table) {
    StringBuilder sql = new StringBuilder("UPDATE ").append(table).append(" SET ");
    Tuple args = Tuple.tuple();
    int placeholders = setParts.length - 1;
    for (int p = 0; p < placeholders; p++) {
      String part = setParts[p];
      if (p == placeholders - 1) {
        // the id list sits in the last part, before the claim's placeholder
        sql.append(part.replace(IDS, String.join(", ", Collections.nCopies(ids.size(), "?"))));
        ids.forEach(args::addLong);
      } else {
        sql.append(part);
      }
      if (same(p)) {
        sql.append('?');
        args.addValue(values.get(0)[p]);
      } else {
        sql.append("(CASE id");
        for (int r = 0; r < ids.size(); r++) {
          sql.append(" WHEN ? THEN ?");
          args.addLong(ids.get(r)).addValue(values.get(r)[p]);
        }
        sql.append(" END)");
      }
    }
    sql.append(setParts[placeholders]);
    return new Statement(sql.toString(), args);
  }

  private boolean same(int p) {
    Object first = values.get(0)[p];
    return values.stream().allMatch(v -> Objects.equals(v[p], first));
  }

  record Statement(String sql, Tuple args) {
  }
}
