package io.ockamj.verticles.channel;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.crypto.identity.VerifiedCredential;

/**
 * Told about every credential a channel peer presented and that verified against the channel's
 * authorities: in the handshake and later with {@code RefreshCredentials} (§4.12). Called on the
 * channel's event loop; it must not block.
 */
@FunctionalInterface
public interface CredentialListener {

  /**
   * @param peer the channel's verified peer, the credential's subject
   * @param credential the verified credential
   */
  void verified(Identifier peer, VerifiedCredential credential);
}
