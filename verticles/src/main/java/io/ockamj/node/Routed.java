package io.ockamj.node;

import io.ockamj.protocol.Address;
import io.ockamj.protocol.LocalMessage;
import io.ockamj.protocol.Route;

/**
 * A message as a worker receives it.
 *
 * @param messageAddress which of the worker's addresses the message was sent to
 * @param sourceAddress the address it was sent from (in this node)
 * @param message the message
 */
public record Routed(Address messageAddress, Address sourceAddress, LocalMessage message) {

  /**
   * @return the payload bytes
   */
  public byte[] payload() {
    return message.payload();
  }

  /**
   * @return the onward route, whose first hop is normally the receiving worker
   */
  public Route onwardRoute() {
    return message.onwardRoute();
  }

  /**
   * @return the route a reply should take
   */
  public Route returnRoute() {
    return message.returnRoute();
  }
}
