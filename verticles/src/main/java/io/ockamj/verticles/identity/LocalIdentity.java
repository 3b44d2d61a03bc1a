package io.ockamj.verticles.identity;

import io.ockamj.crypto.Vault;
import io.ockamj.crypto.identity.Identity;
import io.ockamj.crypto.identity.Purpose;
import io.ockamj.crypto.identity.PurposeKey;

import java.util.Objects;

/**
 * What one end of a secure channel needs about itself: a local identity, its attested
 * secure-channel (X25519) purpose key, and the vault holding both the purpose key and the identity's
 * current primary (signing) key.
 * <p>
 * The vault belongs to the {@link IdentityManager} that returned the holder (shared by every holder
 * of that vault) and stays usable until the manager is closed. It is thread-safe; its operations are
 * synchronous and must not run on an event loop. The secure-channel code's {@code ChannelIdentity} is
 * built from the same three parts plus the credentials to present.
 *
 * @param identity the identity, as stored (its latest change history), not {@code null}
 * @param vault the vault holding the secure-channel key and the primary key, not {@code null}
 * @param secureChannelKey the secure-channel purpose key, attested by {@code identity}'s latest change,
 *     not {@code null}
 */
public record LocalIdentity(Identity identity, Vault vault, PurposeKey secureChannelKey) {

  /**
   * Validates the components.
   *
   * @param identity the identity
   * @param vault the vault
   * @param secureChannelKey the secure-channel purpose key
   * @throws IllegalArgumentException if the key is not a secure-channel key of {@code identity}
   */
  public LocalIdentity {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(vault, "vault");
    Objects.requireNonNull(secureChannelKey, "secureChannelKey");
    if (secureChannelKey.purpose() != Purpose.SECURE_CHANNEL) {
      throw new IllegalArgumentException("not a secure-channel purpose key: " + secureChannelKey.purpose());
    }
    if (!secureChannelKey.subject().equals(identity.identifier())) {
      throw new IllegalArgumentException("the purpose key belongs to " + secureChannelKey.subject());
    }
  }

  /**
   * Describes the holder without any key material.
   *
   * @return the identifier and the purpose key's public part
   */
  @Override
  public String toString() {
    return "LocalIdentity[" + identity.identifier() + ", " + secureChannelKey + "]";
  }
}
