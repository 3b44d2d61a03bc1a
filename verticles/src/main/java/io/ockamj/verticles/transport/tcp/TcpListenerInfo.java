package io.ockamj.verticles.transport.tcp;

import io.ockamj.node.FlowControlId;

/**
 * A TCP listener of a node.
 *
 * @param socketAddress the bound {@code host:port}
 * @param flowControlId the flow the connections it accepts are spawned by
 */
public record TcpListenerInfo(String socketAddress, FlowControlId flowControlId) {
}
