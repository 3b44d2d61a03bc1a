package io.ockamj.verticles.portal;

/**
 * A TCP outlet of a node.
 *
 * @param address the local address of the outlet listener worker (where inlets send Ping)
 * @param target the {@code host:port} the outlet connects to for every portal connection
 * @param connections the portal connections open at the time of the call
 */
public record Outlet(String address, String target, int connections) {
}
