package io.ockamj.crypto;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A public key that verifies signatures: an Ed25519 key (32 bytes) or a P-256 key (65 bytes,
 * uncompressed SEC1 {@code 04 || X || Y}), protocol §5.1.
 * <p>
 * Construction checks the type and the length only; whether a P-256 key is a point on the curve is
 * checked when a signature is verified (an invalid point simply verifies nothing). Instances are
 * immutable and thread-safe.
 */
public final class VerifyingPublicKey {

  private final KeyType type;
  private final byte[] bytes;

  private VerifyingPublicKey(KeyType type, byte[] bytes) {
    this.type = type;
    this.bytes = bytes;
  }

  /**
   * Creates a verifying key.
   *
   * @param type {@link KeyType#ED25519} or {@link KeyType#P256}
   * @param bytes the encoded key (copied)
   * @return the key
   * @throws IllegalArgumentException if the type cannot sign or the length is wrong for the type
   */
  public static VerifyingPublicKey of(KeyType type, byte[] bytes) {
    Objects.requireNonNull(type, "type");
    if (!type.isSigning()) {
      throw new IllegalArgumentException(type + " is not a signing key type");
    }
    if (bytes == null || bytes.length != type.publicKeyLength()) {
      throw new IllegalArgumentException(type + " public key must be " + type.publicKeyLength() + " bytes");
    }
    return new VerifyingPublicKey(type, bytes.clone());
  }

  /**
   * @param bytes a 32-byte Ed25519 public key
   * @return the key
   */
  public static VerifyingPublicKey ed25519(byte[] bytes) {
    return of(KeyType.ED25519, bytes);
  }

  /**
   * @param bytes a 65-byte uncompressed SEC1 P-256 public key
   * @return the key
   */
  public static VerifyingPublicKey p256(byte[] bytes) {
    return of(KeyType.P256, bytes);
  }

  /**
   * @return the key type
   */
  public KeyType type() {
    return type;
  }

  /**
   * @return a copy of the encoded key
   */
  public byte[] bytes() {
    return bytes.clone();
  }

  // no copy, for this module's own read-only use
  byte[] rawBytes() {
    return bytes;
  }

  /**
   * @return the key as lowercase hex
   */
  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VerifyingPublicKey
      && ((VerifyingPublicKey) o).type == type
      && Arrays.equals(((VerifyingPublicKey) o).bytes, bytes);
  }

  @Override
  public int hashCode() {
    return 31 * type.hashCode() + Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return type.ockamName() + "(" + hex() + ")";
  }
}
