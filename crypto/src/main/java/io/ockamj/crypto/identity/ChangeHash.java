package io.ockamj.crypto.identity;

import io.ockamj.crypto.identity.IdentityException.Rule;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The hash of a change: SHA-256 of the change's {@code data} bytes (the encoded VersionedData),
 * all 32 bytes (§5.3). Text form: 64 lowercase hex characters. Immutable and thread-safe.
 */
public final class ChangeHash {

  /** Length of a change hash, in bytes. */
  public static final int LENGTH = 32;

  private final byte[] bytes;

  private ChangeHash(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * @param bytes the 32 hash bytes (copied)
   * @return the hash
   * @throws IllegalArgumentException if {@code bytes} is not 32 bytes long
   */
  public static ChangeHash of(byte[] bytes) {
    if (bytes == null || bytes.length != LENGTH) {
      throw new IllegalArgumentException("a change hash is 32 bytes");
    }
    return new ChangeHash(bytes.clone());
  }

  /**
   * @param hex 64 hex characters, either case
   * @return the hash
   * @throws IdentityException ({@link Rule#MALFORMED}) if the text is not 32 bytes of hex
   */
  public static ChangeHash parse(String hex) {
    byte[] b = Cbor.fromHex(hex, "change hash");
    if (b.length != LENGTH) {
      throw new IdentityException(Rule.MALFORMED, "change hash must be 32 bytes");
    }
    return new ChangeHash(b);
  }

  /**
   * @return a copy of the 32 hash bytes
   */
  public byte[] bytes() {
    return bytes.clone();
  }

  byte[] rawBytes() {
    return bytes;
  }

  /**
   * @return the identifier this hash stands for when it is the hash of a first change
   */
  public Identifier toIdentifier() {
    return Identifier.of(bytes);
  }

  /**
   * @return 64 lowercase hex characters
   */
  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChangeHash && Arrays.equals(((ChangeHash) o).bytes, bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /**
   * @return the hex form
   */
  @Override
  public String toString() {
    return hex();
  }
}
