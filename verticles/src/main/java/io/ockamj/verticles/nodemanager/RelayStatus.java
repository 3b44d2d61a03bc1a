package io.ockamj.verticles.nodemanager;

/**
 * A relay a node manager keeps registered on a relay node, as {@code GET /node/relay} reports it.
 *
 * @param name the relay name (messages to {@code forward_to_NAME} on the relay node reach this node)
 * @param at the route to the relay node as given when the relay was created (a multiaddr, resolved
 *   again on every reconnection)
 * @param state {@code UP}, {@code DOWN} or {@code RECONNECTING} (see
 *   {@link io.ockamj.verticles.relay.RelaySession.State})
 * @param remoteAddress the relay's address on the relay node while it is up, e.g. {@code forward_to_n1},
 *   else {@code null}
 * @param forwardingRoute the route from this node to the relay while it is up, else {@code null}
 */
public record RelayStatus(String name, String at, String state, String remoteAddress, String forwardingRoute) {
}
