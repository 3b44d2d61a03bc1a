package io.ockamj.verticles.channel;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.node.FlowControlId;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;

import java.util.List;

/**
 * An established secure channel, as seen from one end.
 *
 * @param encryptor the address to put in routes: messages sent to it travel encrypted to the peer
 * @param decryptor the address where the peer's ciphertext arrives
 * @param localIdentifier this end's identity
 * @param peer the peer's verified identity
 * @param initiator {@code true} at the end that created the channel
 * @param flowControlId the flow of what the channel delivers
 * @param route the initiator's route to the listener, as the channel was created along it (a TCP hop
 *   resolved to its connection); {@code null} at the responder
 * @param authorizedIdentifiers the identities the peer had to be one of, or {@code null} if none were named
 */
public record SecureChannel(Address encryptor, Address decryptor, Identifier localIdentifier, Identifier peer,
                            boolean initiator, FlowControlId flowControlId, Route route, List<Identifier> authorizedIdentifiers) {

  /**
   * Copies the list of authorized identities.
   *
   * @param encryptor the address to put in routes
   * @param decryptor the address where the peer's ciphertext arrives
   * @param localIdentifier this end's identity
   * @param peer the peer's verified identity
   * @param initiator {@code true} at the end that created the channel
   * @param flowControlId the flow of what the channel delivers
   * @param route the initiator's route to the listener, or {@code null}
   * @param authorizedIdentifiers the identities the peer had to be one of, or {@code null}
   */
  public SecureChannel {
    authorizedIdentifiers = authorizedIdentifiers == null ? null : List.copyOf(authorizedIdentifiers);
  }
}
