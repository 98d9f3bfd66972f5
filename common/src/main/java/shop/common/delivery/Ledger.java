package shop.common.delivery;

import io.vertx.core.Future;

import java.util.List;

/**
 * Writes what became of claimed messages, through the {@link ClaimTable} that claimed them and its
 * attempts table: the part of settling that depends on a table's columns.
 */
public interface Ledger<M extends Deliverable> {

  /** Records {@code settled}, all held under {@code claim}, and releases them. */
  Future<Void> settle(String claim, List<Settled<M>> settled);
}
