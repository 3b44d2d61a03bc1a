package io.ockamj.verticles.portal;

import io.ockamj.protocol.Route;

/**
 * A TCP inlet of a node.
 *
 * @param bindAddress the {@code host:port} the inlet listens on, with the actual port when 0 was asked for
 * @param outletRoute the route to the outlet listener every client connection is tunnelled to
 * @param connections the portal connections open at the time of the call
 */
public record Inlet(String bindAddress, Route outletRoute, int connections) {
}
