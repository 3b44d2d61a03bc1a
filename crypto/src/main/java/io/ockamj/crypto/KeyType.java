package io.ockamj.crypto;

/**
 * The kinds of keys a vault holds.
 * <p>
 * {@link #ED25519} and {@link #P256} are signing keys (identity primary keys and credential purpose
 * keys, protocol §5.1); {@link #X25519} keys are Diffie-Hellman keys used as secure-channel static
 * keys (§5.9). Every secret is 32 bytes: an Ed25519 seed, a P-256 scalar or an X25519 scalar.
 */
public enum KeyType {

  /** Ed25519 (Ockam {@code EdDSACurve25519}): 32-byte public keys, 64-byte signatures. */
  ED25519("EdDSACurve25519", 32, 64),

  /**
   * ECDSA over NIST P-256 with SHA-256 (Ockam {@code ECDSASHA256CurveP256}): 65-byte uncompressed
   * SEC1 public keys, 64-byte {@code r || s} signatures.
   */
  P256("ECDSASHA256CurveP256", 65, 64),

  /** X25519 (RFC 7748) key agreement: 32-byte public keys, no signatures. */
  X25519("X25519", 32, 0);

  /** Length of every secret key, in bytes. */
  public static final int SECRET_KEY_LENGTH = 32;

  private final String ockamName;
  private final int publicKeyLength;
  private final int signatureLength;

  KeyType(String ockamName, int publicKeyLength, int signatureLength) {
    this.ockamName = ockamName;
    this.publicKeyLength = publicKeyLength;
    this.signatureLength = signatureLength;
  }

  /**
   * @return the name Rust Ockam uses for this key type (for example {@code EdDSACurve25519})
   */
  public String ockamName() {
    return ockamName;
  }

  /**
   * @return the length of an encoded public key, in bytes
   */
  public int publicKeyLength() {
    return publicKeyLength;
  }

  /**
   * @return the length of a signature in bytes, or {@code 0} for a key type that cannot sign
   */
  public int signatureLength() {
    return signatureLength;
  }

  /**
   * @return {@code true} for the signing key types {@link #ED25519} and {@link #P256}
   */
  public boolean isSigning() {
    return signatureLength != 0;
  }

  /**
   * Looks a key type up by its Rust name.
   *
   * @param name a name such as {@code EdDSACurve25519}
   * @return the key type
   * @throws IllegalArgumentException if the name is unknown
   */
  public static KeyType fromOckamName(String name) {
    for (KeyType t : values()) {
      if (t.ockamName.equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown key type " + name);
  }
}
