package io.ockamj.node;

import io.ockamj.protocol.Address;
import io.ockamj.protocol.LocalMessage;

/**
 * What the router moves from one mailbox to another: the sending address, the resolved destination
 * address and the message. Access controls decide on it.
 *
 * @param source the address the message was sent from
 * @param destination the address of the mailbox it is delivered to
 * @param message the message
 */
public record RelayMessage(Address source, Address destination, LocalMessage message) {
}
