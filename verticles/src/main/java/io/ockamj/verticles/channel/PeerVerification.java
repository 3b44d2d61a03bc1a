package io.ockamj.verticles.channel;

import io.ockamj.crypto.identity.CredentialAndPurposeKey;
import io.ockamj.crypto.identity.Identifier;
import io.ockamj.crypto.identity.Identity;
import io.ockamj.crypto.identity.IdentityException;
import io.ockamj.crypto.identity.Purpose;
import io.ockamj.crypto.identity.PurposeKeyAttestation;
import io.ockamj.crypto.identity.PurposeKeyAttestationData;
import io.ockamj.crypto.identity.VerifiedCredential;
import io.ockamj.crypto.noise.IdentityAndCredentials;
import io.ockamj.crypto.noise.SecureChannelMessage;
import io.ockamj.protocol.errors.DecodeException;
import io.ockamj.protocol.errors.OckamException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a secure channel's peer presents, checked: its change history (against the ones the node
 * has seen), the attestation of its handshake key, its credentials (against the channel's
 * authorities and the node's credential filters) and the channel's trust policy. Blocking (signature
 * checks): runs on a crypto worker.
 */
final class PeerVerification {

  // the decryptor's logger, as before this class was split off
  private static final System.Logger LOG = System.getLogger(DecryptorWorker.class.getName());

  private final SecureChannels channels;
  private final SecureChannelOptions options;

  PeerVerification(SecureChannels channels, SecureChannelOptions options) {
    this.channels = channels;
    this.options = options;
  }

  /**
   * Verifies the payload of handshake message 2 (initiator) or 3 (responder).
   *
   * @param payload the CBOR of the peer's {@link IdentityAndCredentials}
   * @param remoteStatic the static key the peer used in the handshake
   * @return the verified peer and its accepted credentials
   * @throws ChannelException IDENTITY_INVALID, KEY_MISMATCH or UNTRUSTED
   */
  TrustPolicy.Peer handshakePayload(byte[] payload, byte[] remoteStatic) {
    Identity peer;
    PurposeKeyAttestationData attested;
    IdentityAndCredentials ic;
    long now = channels.clock().instant().getEpochSecond();
    try {
      ic = IdentityAndCredentials.decode(payload);
      peer = KnownIdentities.of(channels.node()).admit(Identity.importFrom(ic.changeHistory()));
      attested = PurposeKeyAttestation.decode(ic.purposeKeyAttestation()).verify(Purpose.SECURE_CHANNEL, peer, peer.identifier(), now);
    } catch (IdentityException | DecodeException e) {
      throw new ChannelException(ChannelException.Reason.IDENTITY_INVALID, "the peer's identity did not verify: " + e.getMessage(), e);
    }
    if (!Arrays.equals(attested.publicKey().x25519PublicKey(), remoteStatic)) {
      throw new ChannelException(ChannelException.Reason.KEY_MISMATCH,
        "the peer " + peer.identifier() + " used a handshake key that its identity did not attest");
    }
    List<VerifiedCredential> credentials = new ArrayList<>();
    if (!options.getAuthorities().isEmpty()) {
      for (byte[] c : ic.credentials()) {
        try {
          VerifiedCredential vc = CredentialAndPurposeKey.decode(c).verify(peer.identifier(), options.getAuthorities(), now);
          if (CredentialFilters.of(channels.node()).accepts(vc)) {
            credentials.add(vc);
          } else {
            LOG.log(System.Logger.Level.INFO, "ignoring a revoked credential of " + peer.identifier() + " from " + vc.issuer());
          }
        } catch (OckamException e) {
          LOG.log(System.Logger.Level.INFO, "ignoring a credential of " + peer.identifier() + ": " + e.getMessage());
        }
      }
    }
    TrustPolicy.Peer p = new TrustPolicy.Peer(peer.identifier(), credentials);
    List<Identifier> authorized = options.getAuthorizedIdentifiers();
    if (authorized != null && !authorized.contains(peer.identifier())) {
      throw new ChannelException(ChannelException.Reason.UNTRUSTED, "the trust policy refused the peer " + peer.identifier()
        + ": not one of the authorized identities " + authorized);
    }
    if (!options.getTrustPolicy().trusts(p)) {
      throw new ChannelException(ChannelException.Reason.UNTRUSTED, "the trust policy refused the peer " + peer.identifier());
    }
    if (!credentials.isEmpty()) {
      channels.credentialsVerified(peer.identifier().toString(), credentials);
    }
    return p;
  }

  /**
   * Verifies credentials the peer presents after the handshake (§4.12), for the channel's peer as
   * subject: its change history must name the same identifier.
   *
   * @param peer the channel's peer
   * @param refresh the peer's message
   * @param now the time, in seconds since the epoch
   * @return the credentials that verified and that the node's filters accept
   * @throws OckamException when the change history or a credential does not verify
   */
  List<VerifiedCredential> refreshedCredentials(Identifier peer, SecureChannelMessage.RefreshCredentials refresh, long now) {
    Identity.importFrom(peer, refresh.changeHistory());
    List<VerifiedCredential> verified = new ArrayList<>();
    for (byte[] c : refresh.credentials()) {
      VerifiedCredential vc = CredentialAndPurposeKey.decode(c).verify(peer, options.getAuthorities(), now);
      if (CredentialFilters.of(channels.node()).accepts(vc)) {
        verified.add(vc);
      }
    }
    return verified;
  }
}
