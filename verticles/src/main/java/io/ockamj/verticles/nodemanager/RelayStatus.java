package io.ockamj.verticles.nodemanager;

/**
 * A relay a node manager keeps registered on a relay node, as {@code GET /node/relay} reports it.
 *
 * @param name the relay name (its key on this node)
 * @param at the route to the relay node as given when the relay was created (a multiaddr, resolved
 *   again on every reconnection)
 * @param state {@code UP}, {@code DOWN} or {@code RECONNECTING} (see
 *   {@link io.ockamj.verticles.relay.RelaySession.State})
 * @param remoteAddress the relay's address on the relay node while it is up, e.g. {@code forward_to_n1},
 *   else {@code null}
 * @param forwardingRoute the route from this node to the relay while it is up, else {@code null}
 * @param relayAddress the name registered at the relay node (Rust's {@code --relay-address}, by
 *   default the relay name); {@code null} when an older node did not say
 * @param authorized the identity the channels to the relay node must prove, or {@code null}
 * @param workerAddress the local worker that holds the registration while it is up (e.g.
 *   {@code 0#5a2c...}), else {@code null}
 * @param flowControlId the flow control id of the hop to the relay node while it is up (Rust's
 *   {@code flow_control_id}), or {@code null}
 * @param lastFailure while the relay is not up, why the last attempt to register failed; else {@code null}
 */
public record RelayStatus(String name, String at, String state, String remoteAddress, String forwardingRoute,
                          String relayAddress, String authorized, String workerAddress, String flowControlId,
                          String lastFailure) {

  /**
   * A status without worker address, flow control id nor failure.
   *
   * @param name the relay name
   * @param at the route to the relay node
   * @param state the state
   * @param remoteAddress the remote address or {@code null}
   * @param forwardingRoute the forwarding route or {@code null}
   * @param relayAddress the registered name or {@code null}
   * @param authorized the authorized identity or {@code null}
   */
  public RelayStatus(String name, String at, String state, String remoteAddress, String forwardingRoute,
                     String relayAddress, String authorized) {
    this(name, at, state, remoteAddress, forwardingRoute, relayAddress, authorized, null, null, null);
  }

  /**
   * A status without relay address nor authorized identity.
   *
   * @param name the relay name
   * @param at the route to the relay node
   * @param state the state
   * @param remoteAddress the remote address or {@code null}
   * @param forwardingRoute the forwarding route or {@code null}
   */
  public RelayStatus(String name, String at, String state, String remoteAddress, String forwardingRoute) {
    this(name, at, state, remoteAddress, forwardingRoute, null, null);
  }
}
