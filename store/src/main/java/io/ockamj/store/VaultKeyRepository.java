package io.ockamj.store;

import io.ockamj.store.sqlite.SqliteVaultKeyRepository;
import io.vertx.core.Future;

import java.util.List;
import java.util.Optional;

/**
 * Stores vault secrets (signing keys, static X25519 keys, persisted AEAD keys), keyed by handle and key
 * type. Only secrets are stored; public keys are derived by the vault.
 * <p>
 * The store does not interpret or protect the bytes beyond file permissions: the database file is created
 * readable by its owner only. Secrets are never logged by this module.
 * <p>
 * All methods may be called from an event loop; failures arrive as failed futures carrying a
 * {@link StoreException}.
 */
public interface VaultKeyRepository {

  /** Key type of an Ed25519 signing key (Rust {@code EdDSACurve25519}). */
  String ED25519 = "EdDSACurve25519";
  /** Key type of a P-256 ECDSA signing key (Rust {@code ECDSASHA256CurveP256}). */
  String P256 = "ECDSASHA256CurveP256";
  /** Key type of a static X25519 key. */
  String X25519 = "X25519";
  /** Key type of a persisted AES-256-GCM key. */
  String AES256_GCM = "AES256_GCM";

  /**
   * Creates a repository on a database whose schema is up to date (see {@link Migrator#defaults()}).
   *
   * @param database the database
   * @return the repository
   */
  static VaultKeyRepository create(Database database) {
    return new SqliteVaultKeyRepository(database);
  }

  /**
   * Stores a secret, replacing any secret with the same handle and key type.
   *
   * @param handle the key handle
   * @param keyType the key type, for example {@link #ED25519}
   * @param secret the secret key bytes
   * @return a future completed when stored
   */
  Future<Void> store(byte[] handle, String keyType, byte[] secret);

  /**
   * Gets a secret.
   *
   * @param handle the key handle
   * @param keyType the key type
   * @return a future with a copy of the secret, or empty if there is no such key
   */
  Future<Optional<byte[]>> get(byte[] handle, String keyType);

  /**
   * Deletes a secret.
   *
   * @param handle the key handle
   * @param keyType the key type
   * @return a future with {@code true} if a secret was deleted
   */
  Future<Boolean> delete(byte[] handle, String keyType);

  /**
   * Lists the handles of all keys of one type, oldest first.
   *
   * @param keyType the key type
   * @return a future with the handles
   */
  Future<List<byte[]>> handles(String keyType);
}
