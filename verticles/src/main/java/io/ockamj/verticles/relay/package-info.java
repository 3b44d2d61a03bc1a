/**
 * Relays (protocol §8): a name on another node for a node that has no listening port.
 * <ul>
 *   <li>{@link io.ockamj.verticles.relay.RelayService} runs on the relay node at
 *   {@code forwarding_service} (alias {@code static_forwarding_service}) and creates a relay worker
 *   {@code forward_to_<name>} per registration; every message sent to the relay is carried back over
 *   the route the registration arrived on (§8.1).</li>
 *   <li>{@link io.ockamj.verticles.relay.RemoteRelays} registers a relay from the client side, against
 *   the Rust-style service or an Orchestrator-style one (§8.2, §8.3).</li>
 *   <li>{@link io.ockamj.verticles.relay.RelaySession} keeps a remote relay alive: it pings the relay
 *   node and re-creates connection and registration with back-off when they are lost (§8.5).</li>
 * </ul>
 * This runtime has no flow control (§3): the flow-control links of §3.6 are not made.
 */
package io.ockamj.verticles.relay;
