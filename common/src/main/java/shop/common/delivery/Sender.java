package shop.common.delivery;

import io.vertx.core.Future;

/** Makes one attempt at a claimed message: an HTTP call, an email. */
public interface Sender<M extends Deliverable> {

  /** How the attempt went; a failed future counts as a failed attempt. */
  Future<Attempt<M>> send(M message);
}
