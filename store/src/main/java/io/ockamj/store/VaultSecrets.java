package io.ockamj.store;


import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The secrets of one software vault, in the {@code vault_key} table of a SQLite file: the node
 * database for the database vault, a file of its own for any other vault (Rust's {@code vault.path},
 * protocol §11.2). Rows are keyed by handle (the SHA-256 of the public key) and key type
 * ({@code EdDSACurve25519}, {@code ECDSASHA256CurveP256}, {@code X25519}).
 * <p>
 * Only a vault's storage adapter uses this: identities and channels ask the vault for operations and
 * never read secrets. The file is created readable by its owner only; secrets are never logged.
 * <p>
 * <b>Blocking.</b> Unlike the rest of this module, every method blocks on its own JDBC connection (a
 * vault is synchronous): call it from a worker thread, never from an event loop. Thread-safe; a busy
 * database is waited for up to the busy timeout. Failures are {@link StoreException}s.
 */
public interface VaultSecrets extends AutoCloseable {

  /** Key type of an Ed25519 signing key (Rust {@code EdDSACurve25519}). */
  String ED25519 = "EdDSACurve25519";
  /** Key type of a P-256 ECDSA signing key (Rust {@code ECDSASHA256CurveP256}). */
  String P256 = "ECDSASHA256CurveP256";
  /** Key type of a static X25519 key. */
  String X25519 = "X25519";

  /**
   * Opens (creating if needed) the secrets table of a SQLite file, with
   * {@link StoreProvider#DEFAULT_BUSY_TIMEOUT}.
   *
   * @param file the node database or a vault file
   * @return the open secrets
   * @throws StoreException if the file cannot be opened or is not a SQLite database
   */
  static VaultSecrets open(Path file) {
    return open(file, StoreProvider.DEFAULT_BUSY_TIMEOUT);
  }

  /**
   * Opens (creating if needed) the secrets table of a SQLite file.
   *
   * @param file the node database or a vault file
   * @param busyTimeout how long a statement waits for another connection's lock
   * @return the open secrets
   * @throws StoreException if the file cannot be opened or is not a SQLite database
   */
  static VaultSecrets open(Path file, Duration busyTimeout) {
    return StoreProvider.get().openSecrets(file, busyTimeout);
  }

  /**
   * @return the absolute path of the file
   */
  Path path();

  /**
   * Stores a secret, replacing any secret with the same handle and key type.
   *
   * @param handle the key handle
   * @param keyType the key type, for example {@link #ED25519}
   * @param secret the secret key bytes (copied before the call returns)
   */
  void store(byte[] handle, String keyType, byte[] secret);

  /**
   * Reads a secret.
   *
   * @param handle the key handle
   * @param keyType the key type
   * @return a fresh array with the secret (the caller wipes it), or empty
   */
  Optional<byte[]> get(byte[] handle, String keyType);

  /**
   * Deletes a secret.
   *
   * @param handle the key handle
   * @param keyType the key type
   * @return {@code true} if a secret was deleted
   */
  boolean delete(byte[] handle, String keyType);

  /**
   * Lists the handles of all keys of one type, oldest first.
   *
   * @param keyType the key type
   * @return the handles
   */
  List<byte[]> handles(String keyType);

  /**
   * Deletes every secret.
   *
   * @return how many were deleted
   */
  int deleteAll();

  /**
   * Closes the connection. Idempotent.
   */
  @Override
  void close();
}
