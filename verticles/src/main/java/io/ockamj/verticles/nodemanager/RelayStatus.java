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
 */
public record RelayStatus(String name, String at, String state, String remoteAddress, String forwardingRoute,
                          String relayAddress, String authorized) {

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
