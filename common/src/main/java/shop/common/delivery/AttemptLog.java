package shop.common.delivery;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import shop.common.db.Database;

import java.util.List;

/**
 * The history of a delivery table: one row per attempt, written for a whole settle with one
 * multi-row INSERT (MySQL's {@code executeBatch} is no real batch: one INSERT is).
 */
public final class AttemptLog {

  private final Vertx vertx;
  private final Pool pool;
  private final String insert;
  private final String values;

  /** {@code insert} is {@code INSERT INTO t (columns)}, {@code values} one row's {@code (?, …)}. */
  public AttemptLog(Vertx vertx, Pool pool, String insert, String values) {
    this.vertx = vertx;
    this.pool = pool;
    this.insert = insert;
    this.values = values;
  }

  /** Writes {@code rows}, each holding the arguments of one {@code values}. */
  public Future<Void> write(List<Tuple> rows) {
    if (rows.isEmpty()) {
      return Future.succeededFuture();
    }
    StringBuilder sql = new StringBuilder(insert).append(" VALUES ");
    Tuple args = Tuple.tuple();
    for (int i = 0; i < rows.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append(values);
      Tuple row = rows.get(i);
      for (int j = 0; j < row.size(); j++) {
        args.addValue(row.getValue(j));
      }
    }
    return Database.retrying(vertx, () -> pool.preparedQuery(sql.toString()).execute(args)).mapEmpty();
  }
}
