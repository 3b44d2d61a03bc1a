package io.ockamj.crypto;

/**
 * Hashing and signature verification (Ockam {@code VaultForVerifyingSignatures}, protocol §11.1).
 * Needs no secrets; {@link #software()} is the implementation everyone uses.
 * <p>
 * Implementations are thread-safe and do not block.
 */
public interface VerifyingVault {

  /**
   * @return the shared software implementation (BouncyCastle low-level Ed25519 and P-256)
   */
  static VerifyingVault software() {
    return SoftwareVerifyingVault.INSTANCE;
  }

  /**
   * Computes SHA-256.
   *
   * @param data the data
   * @return the 32-byte digest
   */
  byte[] sha256(byte[] data);

  /**
   * Verifies a signature.
   * <p>
   * ECDSA P-256 signatures with a high {@code s} (above n/2) are accepted, as RustCrypto does; an
   * Ockam vector depends on it.
   *
   * @param publicKey the key that supposedly signed
   * @param message the signed bytes (for Ockam data: the SHA-256 digest)
   * @param signature the signature
   * @return {@code true} if the signature is valid; {@code false} if it is not, if the key is not a
   *   valid point, or if the signature type does not match the key type
   */
  boolean verify(VerifyingPublicKey publicKey, byte[] message, Signature signature);
}
