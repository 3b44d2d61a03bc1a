package io.ockamj.verticles.identity;

import io.ockamj.crypto.SoftwareVault;
import io.ockamj.crypto.identity.Identity;
import io.ockamj.crypto.identity.Purpose;
import io.ockamj.crypto.identity.PurposeKey;

import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * What one end of a secure channel needs about itself: a local identity, its attested
 * secure-channel (X25519) purpose key, and a vault holding the secrets of both the purpose key and
 * the identity's current primary (signing) key.
 * <p>
 * Each holder returned by {@link IdentityManager#loadSecureChannelKey} owns a vault of its own:
 * {@link #destroy()} it (which wipes the secrets) when the channels using it are closed. The vault is
 * thread-safe; its operations are synchronous and must not run on an event loop. The secure-channel
 * code's {@code ChannelIdentity} is built from the same three parts plus the credentials to present.
 *
 * @param identity the identity, as stored (its latest change history), not {@code null}
 * @param vault the vault holding the secure-channel secret and the primary key secret, not {@code null}
 * @param secureChannelKey the secure-channel purpose key, attested by {@code identity}'s latest change,
 *     not {@code null}
 */
public record LocalIdentity(Identity identity, SoftwareVault vault, PurposeKey secureChannelKey)
    implements Destroyable {

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
   * Wipes the secrets held by the vault. The holder cannot be used afterwards.
   */
  @Override
  public void destroy() {
    vault.destroy();
  }

  /**
   * Tells whether the vault has been destroyed.
   *
   * @return {@code true} once {@link #destroy()} has been called
   */
  @Override
  public boolean isDestroyed() {
    return vault.isDestroyed();
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
