package io.ockamj.protocol.bare;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An encoder for the BARE subset Ockam uses: unsigned LEB128 varints, length-prefixed byte slices
 * and strings, single bytes, and little-endian fixed-width integers (serde_bare).
 * Not thread safe; calls are fluent.
 */
public final class BareWriter {

  private byte[] buf = new byte[32];
  private int len;

  private void ensure(int extra) {
    if (len + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
    }
  }

  /**
   * Writes an unsigned LEB128 varint; a negative value is taken as an unsigned 64-bit value.
   *
   * @param value the value
   * @return this writer
   */
  public BareWriter varint(long value) {
    ensure(10);
    while ((value & ~0x7FL) != 0) {
      buf[len++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    buf[len++] = (byte) value;
    return this;
  }

  /**
   * Writes one byte.
   *
   * @param value the byte (low 8 bits)
   * @return this writer
   */
  public BareWriter u8(int value) {
    ensure(1);
    buf[len++] = (byte) value;
    return this;
  }

  /**
   * Writes a 16-bit little-endian integer.
   *
   * @param value the value (low 16 bits)
   * @return this writer
   */
  public BareWriter u16le(int value) {
    return u8(value).u8(value >>> 8);
  }

  /**
   * Writes a varint length followed by the bytes.
   *
   * @param value the bytes
   * @return this writer
   */
  public BareWriter data(byte[] value) {
    varint(value.length);
    return fixed(value);
  }

  /**
   * Writes bytes without a length prefix.
   *
   * @param value the bytes
   * @return this writer
   */
  public BareWriter fixed(byte[] value) {
    ensure(value.length);
    System.arraycopy(value, 0, buf, len, value.length);
    len += value.length;
    return this;
  }

  /**
   * Writes a string as a varint byte length followed by UTF-8.
   *
   * @param value the text
   * @return this writer
   */
  public BareWriter string(String value) {
    return data(value.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @return the number of bytes written
   */
  public int size() {
    return len;
  }

  /**
   * @return a copy of the bytes written
   */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, len);
  }

  /**
   * @param value a value
   * @return how many bytes its varint encoding takes
   */
  public static int varintSize(long value) {
    int n = 1;
    while ((value & ~0x7FL) != 0) {
      value >>>= 7;
      n++;
    }
    return n;
  }

  /**
   * Encodes a serde_bare {@code String} message (varint length + UTF-8).
   *
   * @param value the text
   * @return the encoded bytes
   */
  public static byte[] encodeString(String value) {
    return new BareWriter().string(value).toByteArray();
  }

  /**
   * Encodes a serde_bare {@code Vec<u8>} message (varint length + bytes).
   *
   * @param value the bytes
   * @return the encoded bytes
   */
  public static byte[] encodeBytes(byte[] value) {
    return new BareWriter().data(value).toByteArray();
  }
}
