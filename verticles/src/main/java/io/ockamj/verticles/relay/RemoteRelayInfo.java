package io.ockamj.verticles.relay;

import io.ockamj.protocol.Address;
import io.ockamj.node.FlowControlId;
import io.ockamj.protocol.Route;

/**
 * A relay registered on a relay node, as the registering node sees it.
 *
 * @param forwardingRoute the return route of the registration reply: the way to the relay from this
 *   node, e.g. {@code <tcp sender> => forward_to_n1}
 * @param remoteAddress the relay's address on the relay node without the {@code 0#}, e.g.
 *   {@code forward_to_n1}; other nodes put it after the relay node in their routes
 * @param workerAddress the {@code main_remote} address of the local worker that holds the
 *   registration; stop it to drop the relay on this side
 * @param flowControlId the producer flow of the registration route's first hop (a TCP connection or
 *   secure channel), whose messages the worker receives; {@code null} when that hop has none
 */
public record RemoteRelayInfo(Route forwardingRoute, String remoteAddress, Address workerAddress, FlowControlId flowControlId) {

  /**
   * A relay whose first hop has no flow control.
   *
   * @param forwardingRoute the way to the relay
   * @param remoteAddress the relay's address on the relay node
   * @param workerAddress the local worker's address
   */
  public RemoteRelayInfo(Route forwardingRoute, String remoteAddress, Address workerAddress) {
    this(forwardingRoute, remoteAddress, workerAddress, null);
  }
}
