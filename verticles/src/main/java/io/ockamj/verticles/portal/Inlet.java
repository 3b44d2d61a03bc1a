package io.ockamj.verticles.portal;

import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;

/**
 * A TCP inlet of a node.
 *
 * @param bindAddress the {@code host:port} the inlet listens on, with the actual port when 0 was asked for
 * @param outletRoute the route to the outlet listener every client connection is tunnelled to (empty
 *   while paused if it never had one)
 * @param connections the portal connections open at the time of the call
 * @param paused {@code true} while the inlet has no route to its outlet: it listens, but closes every
 *   client connection at once (Rust's paused inlet)
 * @param processor the address of the inlet's listener processor on its node (Rust's {@code worker_addr})
 */
public record Inlet(String bindAddress, Route outletRoute, int connections, boolean paused, Address processor) {
}
