package io.ockamj.verticles.transport.tcp;

import io.ockamj.node.FlowControlId;
import io.ockamj.protocol.Address;

/**
 * A TCP connection of a node.
 *
 * @param senderAddress the address to put in routes to send over the connection
 * @param receiverAddress the address messages arriving on the connection are sent from
 * @param peer the remote {@code host:port}
 * @param outgoing {@code true} if this node opened the connection
 * @param framesReceived frames received so far
 */
public record TcpConnectionInfo(Address senderAddress, Address receiverAddress, String peer, boolean outgoing,
                                long framesReceived, FlowControlId flowControlId) {
}
