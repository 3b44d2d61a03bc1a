/**
 * Ockam's UDP rendezvous service (Rust {@code ockam_transport_udp::RendezvousService}, started by
 * {@code ockam rendezvous create}): tells UDP clients the public address their datagrams come from,
 * the first step of UDP hole punching. Also its client and the TCP health check of Rust's
 * {@code RendezvousHealthcheck}. The hole punching itself is not implemented.
 */
package io.ockamj.verticles.rendezvous;
