package io.ockamj.crypto;

import java.util.List;
import java.util.Optional;

/**
 * Where a {@link SoftwareVault} persists its static keys (signing keys and static X25519 keys; never
 * ephemeral keys or secret buffers), as Rust's software vault does in its {@code signing_secret} and
 * {@code x25519_secret} tables (protocol §11.2). Only the vault calls it: the rest of the code asks
 * the vault for operations, never the storage for secrets.
 * <p>
 * Implementations are synchronous, may block (a database) and must be thread-safe. Secrets passed
 * in are copied or written before the call returns; the vault wipes its arrays afterwards.
 */
public interface SecretStorage extends AutoCloseable {

  /**
   * Stores a secret, replacing any secret with the same id.
   *
   * @param keyId the key id
   * @param secret the 32-byte secret
   * @throws VaultException if it cannot be stored
   */
  void store(KeyId keyId, byte[] secret);

  /**
   * Reads a secret.
   *
   * @param keyId the key id
   * @return a fresh array with the secret (the vault wipes it), or empty if there is none
   * @throws VaultException if the storage cannot be read
   */
  Optional<byte[]> load(KeyId keyId);

  /**
   * Deletes a secret.
   *
   * @param keyId the key id
   * @return {@code true} if a secret was deleted
   * @throws VaultException if the storage cannot be written
   */
  boolean delete(KeyId keyId);

  /**
   * Lists the stored keys of one type.
   *
   * @param type the key type
   * @return their ids
   * @throws VaultException if the storage cannot be read
   */
  List<KeyId> list(KeyType type);

  /**
   * Releases the storage (for example its database connection). Idempotent.
   */
  @Override
  void close();
}
