package io.ockamj.verticles.channel;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.node.FlowControlId;
import io.ockamj.protocol.Address;

/**
 * An established secure channel, as seen from one end.
 *
 * @param encryptor the address to put in routes: messages sent to it travel encrypted to the peer
 * @param decryptor the address where the peer's ciphertext arrives
 * @param localIdentifier this end's identity
 * @param peer the peer's verified identity
 * @param initiator {@code true} at the end that created the channel
 */
public record SecureChannel(Address encryptor, Address decryptor, Identifier localIdentifier, Identifier peer,
                            boolean initiator, FlowControlId flowControlId) {
}
