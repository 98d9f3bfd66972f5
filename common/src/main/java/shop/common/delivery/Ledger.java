package shop.common.delivery;

import io.vertx.core.Future;

import java.util.List;

/**
 * Writes what became of claimed messages, through the {@link ClaimTable} that claimed them and its
 * attempts table: the part of settling that depends on a table's columns.
 */
public interface Ledger<M extends Deliverable> {

  /**
   * Records {@code settled} and releases each row if its own claim still holds it: a group, possibly
   * of several claims, written in a few statements (see {@link GroupRelease}). A failed future leaves
   * the rows claimed until their claims run out; they are then tried again.
   */
  Future<Void> settle(List<Settled<M>> settled);
}
