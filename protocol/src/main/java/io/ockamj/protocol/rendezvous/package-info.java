/**
 * The messages of Ockam's UDP rendezvous service (Rust {@code ockam_transport_udp},
 * {@code puncture/rendezvous_service/messages.rs}): a client asks the service, over UDP, for the
 * address its datagrams come from ({@link io.ockamj.protocol.rendezvous.RendezvousRequest}), and the
 * service answers ({@link io.ockamj.protocol.rendezvous.RendezvousResponse}).
 */
package io.ockamj.protocol.rendezvous;
