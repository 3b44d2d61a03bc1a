package io.ockamj.crypto;

/**
 * Everything identities, purpose keys, credentials and secure channels need from a key store, in
 * one object (Rust Ockam's identity-crate {@code Vault}, protocol §11.1): signing keys
 * ({@link SigningVault}), the secure-channel key operations on handles ({@link SecureChannelVault})
 * and signature checks ({@link VerifyingVault}, which needs no secret and defaults to the software
 * implementation).
 * <p>
 * Private keys never leave a vault through this interface: callers name them by {@link KeyId} and
 * derived secrets by {@link SecretHandle}. Implementations:
 * <ul>
 *   <li>{@link SoftwareVault}: every key in memory, optionally persisted through a
 *       {@link SecretStorage};</li>
 *   <li>{@link #combine(SigningVault, Vault)}: signing keys in one store (for example a PKCS#11
 *       token, {@link io.ockamj.crypto.pkcs11.Pkcs11Vault}) and the secure-channel keys in a software
 *       vault, as Rust does with AWS KMS.</li>
 * </ul>
 * Methods are synchronous and may block (a token or a database answers): call them from a worker
 * thread. Implementations are thread-safe.
 */
public interface Vault extends SigningVault, SecureChannelVault, VerifyingVault, AutoCloseable {

  /**
   * A vault whose signing keys live in {@code signing} and whose secure-channel keys and verifying
   * functions come from {@code secureChannels}. Closing it closes both.
   *
   * @param signing where identity and credential keys are generated and used
   * @param secureChannels where X25519 keys and secret buffers live
   * @return the combined vault
   */
  static Vault combine(SigningVault signing, Vault secureChannels) {
    return new CombinedVault(signing, secureChannels);
  }

  @Override
  default byte[] sha256(byte[] data) {
    return VerifyingVault.software().sha256(data);
  }

  @Override
  default boolean verify(VerifyingPublicKey publicKey, byte[] message, Signature signature) {
    return VerifyingVault.software().verify(publicKey, message, signature);
  }

  /**
   * Wipes what the vault holds in memory and releases its resources (database connection, token
   * session). Persisted keys stay persisted. The vault cannot be used afterwards. Idempotent.
   */
  @Override
  void close();
}
