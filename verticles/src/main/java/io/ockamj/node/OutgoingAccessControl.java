package io.ockamj.node;

import io.vertx.core.Future;

/**
 * Decides whether a mailbox may send a message to its resolved next hop. Evaluated on send; a denied
 * message is dropped and counted, and the send still succeeds (as in Ockam).
 * <p>
 * Implementations must not block; they return a future so that they can consult a store.
 */
@FunctionalInterface
public interface OutgoingAccessControl {

  /**
   * @param message the message about to be sent
   * @return {@code true} to send, {@code false} to drop
   */
  Future<Boolean> isAuthorized(RelayMessage message);
}
