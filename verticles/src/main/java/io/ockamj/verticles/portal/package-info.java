/**
 * TCP portals: an inlet (a TCP listener on the client side) carries every accepted connection over
 * an Ockam route to an outlet (on the server side), which opens a TCP connection to its target and
 * relays the byte stream both ways. Wire-compatible with Rust Ockam's portals (Ping, Pong, Payload,
 * Disconnect; see {@link io.ockamj.protocol.PortalMessage}).
 * <p>
 * Entry point: {@link io.ockamj.verticles.portal.Portals}.
 */
package io.ockamj.verticles.portal;
