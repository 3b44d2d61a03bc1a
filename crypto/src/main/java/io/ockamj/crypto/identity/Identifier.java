package io.ockamj.crypto.identity;

import io.ockamj.crypto.identity.IdentityException.Rule;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An identity's identifier: the 32-byte hash of its first change (§5.3), written as {@code "I"}
 * followed by 64 lowercase hex characters. On the wire (CBOR) it is a 32-byte byte string; in
 * serde/BARE messages it is its text form.
 * <p>
 * Immutable and thread-safe; ordered by unsigned byte comparison.
 */
public final class Identifier implements Comparable<Identifier> {

  /** Length of an identifier, in bytes. */
  public static final int LENGTH = 32;
  /** The text prefix. */
  public static final String PREFIX = "I";

  private final byte[] bytes;

  private Identifier(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * @param bytes the 32 identifier bytes (copied)
   * @return the identifier
   * @throws IllegalArgumentException if {@code bytes} is not 32 bytes long
   */
  public static Identifier of(byte[] bytes) {
    if (bytes == null || bytes.length != LENGTH) {
      throw new IllegalArgumentException("an identifier is 32 bytes");
    }
    return new Identifier(bytes.clone());
  }

  /**
   * Parses the text form. Surrounding whitespace is ignored, the {@code I} prefix is required and
   * the hex may be in either case.
   *
   * @param text for example {@code I923829d0…4819}
   * @return the identifier
   * @throws IdentityException ({@link Rule#MALFORMED}) if the text is not an identifier
   */
  public static Identifier parse(String text) {
    if (text == null) {
      throw new IdentityException(Rule.MALFORMED, "identifier: null");
    }
    String t = text.trim();
    if (!t.startsWith(PREFIX) || t.length() != 1 + 2 * LENGTH) {
      throw new IdentityException(Rule.MALFORMED, "identifier must be 'I' followed by 64 hex characters");
    }
    try {
      return new Identifier(HexFormat.of().parseHex(t, 1, t.length()));
    } catch (IllegalArgumentException e) {
      throw new IdentityException(Rule.MALFORMED, "identifier must be 'I' followed by 64 hex characters");
    }
  }

  /**
   * @return a copy of the 32 identifier bytes
   */
  public byte[] bytes() {
    return bytes.clone();
  }

  boolean sameBytes(byte[] other) {
    return Arrays.equals(bytes, other);
  }

  /**
   * @return the 64 lowercase hex characters without the prefix
   */
  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public int compareTo(Identifier o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Identifier && Arrays.equals(((Identifier) o).bytes, bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /**
   * @return the text form, {@code "I"} + 64 lowercase hex characters
   */
  @Override
  public String toString() {
    return PREFIX + hex();
  }
}
