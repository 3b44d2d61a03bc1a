package io.ockamj.verticles.transport.udp;

import io.ockamj.node.FlowControlId;
import io.ockamj.protocol.Address;

/**
 * A UDP bind as {@link UdpTransport#bind} reports it (Rust's {@code UdpBind}).
 *
 * @param senderAddress the sender worker: put it first in a route to send over this socket
 * @param receiverAddress the receiver processor, the producer of the bind's flow
 * @param bindAddress the socket's local {@code ip:port}
 * @param peer the one peer this bind talks to ({@code ip:port}), or {@code null} for any peer
 * @param flowControlId the bind's flow: workers that should receive what comes in must be its consumers
 */
public record UdpBindInfo(Address senderAddress, Address receiverAddress, String bindAddress, String peer,
                          FlowControlId flowControlId) {
}
