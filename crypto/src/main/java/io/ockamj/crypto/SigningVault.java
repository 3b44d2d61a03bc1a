package io.ockamj.crypto;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A store of signing secret keys (Ockam {@code VaultForSigning}, protocol §11.1): identity primary
 * keys and credential purpose keys. The secrets never leave the vault through this interface;
 * callers refer to them by {@link KeyId}.
 * <p>
 * Implementations are synchronous and may block (a hardware or cloud key store does): call them
 * from a worker thread, never from an event loop. They must be thread-safe.
 * <p>
 * Ockam signs the SHA-256 digest of the data it protects, never the data itself (§5.1): callers
 * pass that digest as {@code message}, and the vault signs it as is (for P-256 the ECDSA operation
 * hashes it once more with SHA-256).
 */
public interface SigningVault {

  /**
   * The key types {@link #generateSigningKey(KeyType)} can make here: both for a software vault,
   * only {@link KeyType#P256} for a PKCS#11 token (which has no Ed25519 through the JDK).
   *
   * @return the supported signing key types
   */
  default Set<KeyType> signingKeyTypes() {
    return EnumSet.of(KeyType.ED25519, KeyType.P256);
  }

  /**
   * Generates a new signing key.
   *
   * @param type {@link KeyType#ED25519} or {@link KeyType#P256}
   * @return the id of the new key
   * @throws IllegalArgumentException if the type cannot sign
   * @throws VaultException if the vault does not support the type
   */
  KeyId generateSigningKey(KeyType type);

  /**
   * Returns the public key of a signing key.
   *
   * @param keyId the key
   * @return its public key
   * @throws VaultException if the vault has no such signing key
   */
  VerifyingPublicKey verifyingPublicKey(KeyId keyId);

  /**
   * Looks up the key that has the given public key (Ockam {@code get_secret_key_handle}).
   *
   * @param publicKey the public key
   * @return the key id, or empty if this vault does not hold the secret
   */
  Optional<KeyId> findSigningKey(VerifyingPublicKey publicKey);

  /**
   * Signs a message.
   *
   * @param keyId the signing key
   * @param message the bytes to sign (for Ockam data: the 32-byte SHA-256 digest)
   * @return the 64-byte signature
   * @throws VaultException if the vault has no such signing key
   */
  Signature sign(KeyId keyId, byte[] message);

  /**
   * Deletes a signing key and wipes its secret.
   *
   * @param keyId the key
   * @return {@code true} if the key existed
   */
  boolean deleteSigningKey(KeyId keyId);

  /**
   * @return the ids of every signing key in the vault, in no particular order
   */
  List<KeyId> signingKeys();
}
