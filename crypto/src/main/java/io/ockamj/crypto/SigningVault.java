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
   * Looks up a signing key of this vault by the text a user gives for it (Rust's
   * {@code identity create --key-id}): the key id as {@link KeyId#toString()} prints it
   * ({@code ECDSASHA256CurveP256:<64 hex>}), or its 64 hex characters alone. A PKCS#11 vault also takes
   * the key's label on the token ({@code ockam-<64 hex>}).
   *
   * @param keyId the key id text
   * @return the key, or empty if the text names no signing key of this vault (also when it is not a key
   *   id at all)
   */
  default Optional<KeyId> findSigningKey(String keyId) {
    java.util.Objects.requireNonNull(keyId, "keyId");
    String text = keyId.trim();
    KeyType type = null;
    int colon = text.indexOf(':');
    if (colon >= 0) {
      try {
        type = KeyType.fromOckamName(text.substring(0, colon));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
      text = text.substring(colon + 1);
    }
    if (text.length() != 2 * KeyId.LENGTH || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      return Optional.empty();
    }
    String hex = text.toLowerCase(java.util.Locale.ROOT);
    for (KeyId k : signingKeys()) {
      if (k.hex().equals(hex) && (type == null || k.type() == type)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

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
