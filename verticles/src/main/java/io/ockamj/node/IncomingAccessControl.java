package io.ockamj.node;

import io.vertx.core.Future;

/**
 * Decides whether a message may be delivered to a mailbox. Evaluated on delivery, in the receiving
 * worker's context, before the worker sees the message; a denied message is dropped and counted.
 * <p>
 * Implementations must not block; they return a future so that they can consult a store.
 */
@FunctionalInterface
public interface IncomingAccessControl {

  /**
   * @param message the message about to be delivered
   * @return {@code true} to deliver, {@code false} to drop
   */
  Future<Boolean> isAuthorized(RelayMessage message);
}
