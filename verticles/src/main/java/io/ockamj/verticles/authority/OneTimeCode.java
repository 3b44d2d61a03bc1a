package io.ockamj.verticles.authority;

import io.ockamj.protocol.cbor.CborReader;
import io.ockamj.protocol.cbor.CborWriter;
import io.ockamj.protocol.errors.DecodeException;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An enrollment token's secret (§6.8, Rust's {@code OneTimeCode}): 32 random bytes, CBOR
 * {@code {1: bstr32}} on the wire and 64 lowercase hex digits in text. Immutable; {@link #toString()}
 * does not reveal it.
 */
public final class OneTimeCode {

  /** The length of a code in bytes. */
  public static final int LENGTH = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] code;

  private OneTimeCode(byte[] code) {
    this.code = code;
  }

  /** @return a new random code */
  public static OneTimeCode random() {
    byte[] b = new byte[LENGTH];
    RANDOM.nextBytes(b);
    return new OneTimeCode(b);
  }

  /**
   * @param hex 64 hex digits
   * @return the code
   * @throws DecodeException if it is not 64 hex digits
   */
  public static OneTimeCode parse(String hex) {
    if (hex == null || hex.length() != 2 * LENGTH) {
      throw new DecodeException("a one-time code is 64 hex digits");
    }
    try {
      return new OneTimeCode(HexFormat.of().parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new DecodeException("a one-time code is 64 hex digits");
    }
  }

  /**
   * Decodes {@code {1: bstr32}} (unknown keys are skipped, as minicbor does).
   *
   * @param bytes the encoded code
   * @return the code
   * @throws DecodeException if malformed
   */
  public static OneTimeCode decode(byte[] bytes) {
    CborReader r = new CborReader(bytes, 0, bytes.length, 16);
    OneTimeCode c = read(r);
    r.expectEnd();
    return c;
  }

  static OneTimeCode read(CborReader r) {
    int n = r.readMapHeader();
    byte[] code = null;
    for (int i = 0; n == -1 ? r.hasNext(-1) : i < n; i++) {
      if (i >= 16) {
        throw new DecodeException("one-time code: too many fields");
      }
      long key = r.readU64();
      if (key == 1) {
        code = r.readBytes(LENGTH);
      } else {
        r.skip();
      }
    }
    if (code == null || code.length != LENGTH) {
      throw new DecodeException("one-time code: field 1 must be 32 bytes");
    }
    return new OneTimeCode(code);
  }

  /** @return {@code {1: bstr32}} */
  public byte[] encode() {
    return new CborWriter(40).map(1).u64(1).bytes(code).toByteArray();
  }

  /** @return the code as 64 lowercase hex digits */
  public String hex() {
    return HexFormat.of().formatHex(code);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OneTimeCode c && java.security.MessageDigest.isEqual(code, c.code);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(code);
  }

  @Override
  public String toString() {
    return "{ONE_TIME_CODE}";
  }
}
