package io.ockamj.crypto;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A signature made by a signing key: 64 bytes for both Ed25519 (RFC 8032) and ECDSA P-256
 * ({@code r || s}, 32 bytes each, big-endian; the IEEE P1363 form, not DER), protocol §5.1.
 * Immutable and thread-safe.
 */
public final class Signature {

  private final KeyType type;
  private final byte[] bytes;

  private Signature(KeyType type, byte[] bytes) {
    this.type = type;
    this.bytes = bytes;
  }

  /**
   * Creates a signature value.
   *
   * @param type {@link KeyType#ED25519} or {@link KeyType#P256}
   * @param bytes the 64 signature bytes (copied)
   * @return the signature
   * @throws IllegalArgumentException if the type cannot sign or the length is not 64
   */
  public static Signature of(KeyType type, byte[] bytes) {
    Objects.requireNonNull(type, "type");
    if (!type.isSigning()) {
      throw new IllegalArgumentException(type + " is not a signing key type");
    }
    if (bytes == null || bytes.length != type.signatureLength()) {
      throw new IllegalArgumentException(type + " signature must be " + type.signatureLength() + " bytes");
    }
    return new Signature(type, bytes.clone());
  }

  /**
   * @return the type of key that made the signature
   */
  public KeyType type() {
    return type;
  }

  /**
   * @return a copy of the signature bytes
   */
  public byte[] bytes() {
    return bytes.clone();
  }

  byte[] rawBytes() {
    return bytes;
  }

  /**
   * @return the signature as lowercase hex
   */
  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Signature && ((Signature) o).type == type && Arrays.equals(((Signature) o).bytes, bytes);
  }

  @Override
  public int hashCode() {
    return 31 * type.hashCode() + Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return type.ockamName() + "Signature(" + hex() + ")";
  }
}
