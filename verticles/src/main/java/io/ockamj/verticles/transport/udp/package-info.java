/**
 * The Ockam UDP transport (transport type 2), wire-compatible with Rust's {@code ockam_transport_udp}:
 * a bind is a UDP socket with a sender worker (routes {@code [sender, 2#host:port, ...]} go out as
 * datagrams) and a receiver processor (datagrams come in with {@code [sender, 2#peer]} in front of
 * their return route). Hole punching and its negotiation are not implemented.
 */
package io.ockamj.verticles.transport.udp;
