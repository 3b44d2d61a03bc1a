package io.ockamj.crypto;

import io.ockamj.crypto.primitives.SecretBytes;

import java.util.List;
import java.util.Optional;

/**
 * A store of static X25519 secret keys: the secure-channel purpose keys that serve as the Noise
 * {@code s} key (protocol §5.9, §11.1 {@code VaultForSecureChannels}, static-key part). Ephemeral
 * keys, HKDF outputs and session keys are not kept here; the Noise code holds them.
 * <p>
 * Implementations are synchronous, may block and must be thread-safe.
 */
public interface X25519KeyVault {

  /**
   * Generates a new static X25519 key.
   *
   * @return the id of the new key
   */
  KeyId generateX25519Key();

  /**
   * Returns the public key of a static X25519 key.
   *
   * @param keyId the key
   * @return a copy of the 32-byte public key
   * @throws VaultException if there is no such X25519 key
   */
  byte[] x25519PublicKey(KeyId keyId);

  /**
   * Looks up the key that has the given public key.
   *
   * @param publicKey the 32-byte public key
   * @return the key id, or empty if this vault does not hold the secret
   */
  Optional<KeyId> findX25519Key(byte[] publicKey);

  /**
   * Computes {@code X25519(secret, peerPublic)} with a stored key.
   *
   * @param keyId our static key
   * @param peerPublic the peer's 32-byte public key
   * @return the 32-byte shared secret; the caller owns and must destroy it
   * @throws VaultException if there is no such X25519 key
   * @throws io.ockamj.crypto.primitives.WeakKeyException if the peer key has low order
   */
  SecretBytes x25519Agree(KeyId keyId, byte[] peerPublic);

  /**
   * Returns a copy of a static secret, for a Noise state machine that takes raw keys.
   *
   * @param keyId the key
   * @return a copy of the 32-byte secret; the caller owns and must destroy it
   * @throws VaultException if there is no such X25519 key
   */
  SecretBytes x25519Secret(KeyId keyId);

  /**
   * Deletes a static key and wipes its secret.
   *
   * @param keyId the key
   * @return {@code true} if the key existed
   */
  boolean deleteX25519Key(KeyId keyId);

  /**
   * @return the ids of every X25519 key in the vault, in no particular order
   */
  List<KeyId> x25519Keys();
}
