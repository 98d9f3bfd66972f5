package shop.order;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.mysqlclient.MySQLClient;
import io.vertx.sqlclient.SqlClient;
import shop.common.db.DbConfig;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Order ids handed out before the order row exists, so the row is written once (after its stock is
 * reserved under the id). The database hands out blocks of {@link #BLOCK} ids with one UPDATE of
 * the single {@code order_id_block} row ({@code LAST_INSERT_ID(expr)} answers the new end on the
 * same connection), so blocks never overlap between processes; inside a process one allocator per
 * database is shared by every verticle instance, on any event loop, and takes one block at a time. Ids are unique, not dense (a
 * block in use dies with its process) and, across processes, not in creation order.
 */
final class OrderIds {

  static final int BLOCK = 100;
  private static final String TAKE_BLOCK = "UPDATE order_id_block SET next_id = LAST_INSERT_ID(next_id + " + BLOCK
    + ") WHERE id = 1";
  private static final ConcurrentMap<String, OrderIds> PER_DATABASE = new ConcurrentHashMap<>();

  /** Unused ids, as [from, to) ranges; guarded by {@code this}, as are the two below. */
  private final Deque<long[]> free = new ArrayDeque<>();
  /** Callers waiting for the block being taken, in the order they asked. */
  private final Deque<Waiter> waiting = new ArrayDeque<>();
  private boolean taking;

  private record Waiter(Context context, Promise<Long> id) {
    void complete(AsyncResult<Long> result) {
      if (context == null) {
        id.handle(result);
      } else {
        context.runOnContext(v -> id.handle(result));
      }
    }
  }

  /** The process's allocator for the database {@code db} names. */
  static OrderIds of(DbConfig db) {
    return PER_DATABASE.computeIfAbsent(db.host() + ":" + db.port() + "/" + db.database(), k -> new OrderIds());
  }

  /** A fresh allocator; for tests that play two processes. */
  static OrderIds unshared() {
    return new OrderIds();
  }

  /**
   * The next unused id, on the caller's context. When the process has none left, one caller takes
   * a block through its {@code client} and the others wait for it (a burst of checkouts at a block's
   * end is one UPDATE, not one each); should that UPDATE fail, so do they.
   */
  Future<Long> next(SqlClient client) {
    Promise<Long> id = Promise.promise();
    boolean take;
    synchronized (this) {
      Long free = poll();
      if (free != null) {
        return Future.succeededFuture(free);
      }
      waiting.addLast(new Waiter(Vertx.currentContext(), id));
      take = !taking;
      taking = true;
    }
    if (take) {
      takeBlock(client);
    }
    return id.future();
  }

  private void takeBlock(SqlClient client) {
    client.query(TAKE_BLOCK).execute().onComplete(ar -> {
      List<Waiter> served = new ArrayList<>();
      List<AsyncResult<Long>> results = new ArrayList<>();
      boolean again;
      synchronized (this) {
        if (ar.succeeded()) {
          long end = ar.result().property(MySQLClient.LAST_INSERTED_ID);
          free.addLast(new long[] {end - BLOCK, end});
        }
        while (!waiting.isEmpty() && (ar.failed() || !free.isEmpty())) {
          served.add(waiting.removeFirst());
          results.add(ar.failed() ? Future.failedFuture(ar.cause()) : Future.succeededFuture(poll()));
        }
        // more callers than one block holds: take another for them
        again = !waiting.isEmpty();
        taking = again;
      }
      for (int i = 0; i < served.size(); i++) {
        served.get(i).complete(results.get(i));
      }
      if (again) {
        takeBlock(client);
      }
    });
  }

  private Long poll() {
    long[] range = free.peekFirst();
    if (range == null) {
      return null;
    }
    long id = range[0]++;
    if (range[0] == range[1]) {
      free.removeFirst();
    }
    return id;
  }
}
