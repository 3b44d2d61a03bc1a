package io.ockamj.crypto;

import io.ockamj.crypto.primitives.SecretBytes;

import java.util.List;
import java.util.Optional;

/**
 * The key operations of a secure channel handshake (Ockam {@code VaultForSecureChannels}, protocol
 * §11.1): X25519 keys, Diffie-Hellman, HKDF and AEAD, where every secret stays inside the vault and
 * callers hold {@link KeyId}s (X25519 keys) and {@link SecretHandle}s (everything derived from them).
 * <p>
 * Static X25519 keys are the secure-channel purpose keys (the Noise {@code s} key, §5.9); a vault
 * with storage keeps them. Ephemeral keys and secret buffers live in memory only, until deleted.
 * The Noise XX state machine ({@code io.ockamj.crypto.noise.HandshakeState}) runs entirely on these
 * operations; only the two session keys that come out of its split leave the vault, through
 * {@link #exportSecretBuffer(SecretHandle)}, because the data phase runs AES-GCM in the JVM.
 * <p>
 * Implementations are synchronous, may block and must be thread-safe: call them from a worker
 * thread, never from an event loop.
 */
public interface SecureChannelVault {

  /**
   * Generates a new static X25519 key, kept (and persisted, if the vault has storage) until deleted.
   *
   * @return the id of the new key
   */
  KeyId generateX25519Key();

  /**
   * Generates a new ephemeral X25519 key, kept in memory only. Delete it with
   * {@link #deleteX25519Key(KeyId)} when the handshake is over.
   *
   * @return the id of the new key
   */
  KeyId generateEphemeralX25519Key();

  /**
   * Returns the public key of a static or ephemeral X25519 key.
   *
   * @param keyId the key
   * @return a copy of the 32-byte public key
   * @throws VaultException if there is no such X25519 key
   */
  byte[] x25519PublicKey(KeyId keyId);

  /**
   * Looks up the static key that has the given public key.
   *
   * @param publicKey the 32-byte public key
   * @return the key id, or empty if this vault does not hold the secret
   */
  Optional<KeyId> findX25519Key(byte[] publicKey);

  /**
   * Deletes a static or ephemeral X25519 key and wipes its secret.
   *
   * @param keyId the key
   * @return {@code true} if the key existed
   */
  boolean deleteX25519Key(KeyId keyId);

  /**
   * @return the ids of every static X25519 key in the vault, in no particular order
   */
  List<KeyId> x25519Keys();

  /**
   * Computes {@code X25519(secret, peerPublic)} with a key of the vault and keeps the result in the
   * vault.
   *
   * @param keyId our static or ephemeral key
   * @param peerPublic the peer's 32-byte public key
   * @return the handle of the 32-byte shared secret; delete it when done
   * @throws VaultException if there is no such X25519 key
   * @throws io.ockamj.crypto.primitives.WeakKeyException if the peer key has low order
   */
  SecretHandle x25519Ecdh(KeyId keyId, byte[] peerPublic);

  /**
   * Copies bytes into the vault as a secret buffer (for example the Noise protocol name, which is
   * the first chaining key).
   *
   * @param secret the bytes, 1 to 64 of them; copied, the caller keeps its array
   * @return the handle of the buffer
   */
  SecretHandle importSecretBuffer(byte[] secret);

  /**
   * Runs HKDF-SHA-256 as Noise and Ockam do (§4.2): salt = the buffer {@code salt}, input key
   * material = the buffer {@code ikm} (or empty), empty info, {@code outputs} outputs of 32 bytes.
   *
   * @param salt the salt (the Noise chaining key)
   * @param ikm the input key material, or {@code null} for none
   * @param outputs the number of outputs, 1 to 3
   * @return handles of the outputs, in order; delete them when done
   * @throws VaultException if a handle is unknown
   */
  List<SecretHandle> hkdf(SecretHandle salt, SecretHandle ikm, int outputs);

  /**
   * Encrypts with AES-256-GCM, using a 32-byte buffer of the vault as the key.
   *
   * @param key the key buffer
   * @param nonce the 12-byte nonce
   * @param aad the associated data ({@code null} means empty)
   * @param plaintext the plaintext
   * @return the ciphertext followed by the 16-byte tag
   * @throws VaultException if the handle is unknown or not 32 bytes
   */
  byte[] aeadEncrypt(SecretHandle key, byte[] nonce, byte[] aad, byte[] plaintext);

  /**
   * Verifies and decrypts with AES-256-GCM, using a 32-byte buffer of the vault as the key.
   *
   * @param key the key buffer
   * @param nonce the 12-byte nonce
   * @param aad the associated data ({@code null} means empty)
   * @param in the array holding ciphertext and tag
   * @param off where the ciphertext starts
   * @param len the ciphertext length, tag included
   * @return the plaintext
   * @throws io.ockamj.crypto.primitives.AeadException if authentication fails
   * @throws VaultException if the handle is unknown or not 32 bytes
   */
  byte[] aeadDecrypt(SecretHandle key, byte[] nonce, byte[] aad, byte[] in, int off, int len);

  /**
   * Returns a copy of a secret buffer. Only derived secrets leave a vault this way, never private
   * keys: the handshake uses it for the two session keys of its split, because the data phase runs
   * AES-GCM in the JVM. A vault that cannot export buffers throws {@link VaultException}.
   *
   * @param handle the buffer
   * @return a copy of its bytes; the caller owns and must destroy it
   * @throws VaultException if the handle is unknown or the vault does not export buffers
   */
  SecretBytes exportSecretBuffer(SecretHandle handle);

  /**
   * Deletes a secret buffer and wipes it.
   *
   * @param handle the buffer
   * @return {@code true} if it existed
   */
  boolean deleteSecretBuffer(SecretHandle handle);
}
