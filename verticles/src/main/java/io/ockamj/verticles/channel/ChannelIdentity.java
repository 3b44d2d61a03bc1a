package io.ockamj.verticles.channel;

import io.ockamj.crypto.SoftwareVault;
import io.ockamj.crypto.Vault;
import io.ockamj.crypto.identity.CredentialAndPurposeKey;
import io.ockamj.crypto.identity.Identities;
import io.ockamj.crypto.identity.Identity;
import io.ockamj.crypto.identity.PurposeKey;
import io.ockamj.crypto.identity.PurposeKeys;
import io.ockamj.crypto.noise.HandshakeState;
import io.ockamj.crypto.noise.IdentityAndCredentials;
import io.ockamj.node.spi.CryptoWorkers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The local side of secure channels: an identity, its attested secure-channel (X25519) purpose key
 * with the vault holding it, and the credentials to present to peers. Handshakes run on the vault's
 * handles ({@link #handshake(boolean)}): the purpose key's secret never leaves the vault.
 *
 * @param identity the identity
 * @param secureChannelKey the identity's secure-channel purpose key
 * @param vault the vault holding the purpose key (any {@link Vault}: software, or a PKCS#11 vault
 *     whose secure-channel keys are in software, as in Rust)
 * @param credentials credentials to present in handshakes (may be empty)
 */
public record ChannelIdentity(Identity identity, PurposeKey secureChannelKey, Vault vault,
                              List<CredentialAndPurposeKey> credentials) {

  /**
   * Validates the components.
   *
   * @param identity the identity
   * @param secureChannelKey the identity's secure-channel purpose key
   * @param vault the vault holding the purpose key's secret
   * @param credentials credentials to present
   */
  public ChannelIdentity {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(secureChannelKey, "secureChannelKey");
    Objects.requireNonNull(vault, "vault");
    credentials = List.copyOf(credentials);
  }

  /**
   * Creates a fresh in-memory identity with a secure-channel key. Blocking (key generation and
   * signing): call it from a worker thread or {@code executeBlocking}.
   *
   * @return the identity
   */
  public static ChannelIdentity generate() {
    SoftwareVault vault = SoftwareVault.create();
    Identity identity = Identities.create(vault).createIdentity();
    PurposeKey key = PurposeKeys.create(vault).createSecureChannelKey(identity);
    return new ChannelIdentity(identity, key, vault, List.of());
  }

  /**
   * Creates a fresh in-memory identity with a secure-channel key, as {@link #generate()}, on the
   * crypto workers of a Vert.x instance ({@link CryptoWorkers}): safe to call from an event loop.
   *
   * @param vertx the Vert.x instance whose crypto workers do the work
   * @return the identity
   */
  public static Future<ChannelIdentity> generate(Vertx vertx) {
    return CryptoWorkers.of(vertx).run(ChannelIdentity::generate);
  }

  /**
   * @param presented the credentials to present
   * @return a copy presenting these credentials
   */
  public ChannelIdentity withCredentials(List<CredentialAndPurposeKey> presented) {
    return new ChannelIdentity(identity, secureChannelKey, vault, presented);
  }

  /**
   * Starts a Noise XX handshake with the purpose key as the static key. Blocking (it generates the
   * ephemeral key in the vault): call it off the event loop.
   *
   * @param initiator {@code true} for the initiator, {@code false} for the responder
   * @return the handshake state; destroy it if abandoned
   */
  HandshakeState handshake(boolean initiator) {
    return initiator ? HandshakeState.initiator(vault, secureChannelKey.keyId())
      : HandshakeState.responder(vault, secureChannelKey.keyId());
  }

  /**
   * @return the handshake payload naming this identity
   */
  IdentityAndCredentials handshakePayload() {
    List<byte[]> creds = new ArrayList<>();
    for (CredentialAndPurposeKey c : credentials) {
      creds.add(c.bytes());
    }
    return new IdentityAndCredentials(identity.export(), secureChannelKey.attestation().bytes(), creds);
  }
}
