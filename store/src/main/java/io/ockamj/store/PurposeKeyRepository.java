package io.ockamj.store;

import io.vertx.core.Future;

import java.util.Map;
import java.util.Optional;

/**
 * Stores purpose-key attestations (opaque CBOR bytes), at most one per identity and purpose.
 * <p>
 * All methods may be called from an event loop; failures arrive as failed futures carrying a
 * {@link StoreException}.
 */
public interface PurposeKeyRepository {

  /** Purpose of a key used for secure channels (Rust {@code SC_PK}). */
  String SECURE_CHANNEL = "SC_PK";
  /** Purpose of a key used for credentials (Rust {@code C_PK}). */
  String CREDENTIALS = "C_PK";


  /**
   * Stores an attestation, replacing any previous one for the same identity and purpose.
   *
   * @param identifier the identifier of the identity owning the purpose key
   * @param purpose the purpose, {@link #SECURE_CHANNEL} or {@link #CREDENTIALS}
   * @param attestation the encoded purpose-key attestation
   * @return a future completed when stored
   */
  Future<Void> store(String identifier, String purpose, byte[] attestation);

  /**
   * Gets an attestation.
   *
   * @param identifier the identifier
   * @param purpose the purpose
   * @return a future with the attestation, or empty if none is stored
   */
  Future<Optional<byte[]>> get(String identifier, String purpose);

  /**
   * Gets all attestations of one identity.
   *
   * @param identifier the identifier
   * @return a future with the attestations by purpose
   */
  Future<Map<String, byte[]>> getAll(String identifier);

  /**
   * Deletes an attestation.
   *
   * @param identifier the identifier
   * @param purpose the purpose
   * @return a future with {@code true} if an attestation was deleted
   */
  Future<Boolean> delete(String identifier, String purpose);
}
