package io.ockamj.protocol.bare;

import io.ockamj.protocol.errors.DecodeException;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A bounded decoder for the BARE subset Ockam uses. Lengths are checked against a limit and against
 * the remaining input before allocating; every failure is a {@link DecodeException}.
 */
public final class BareReader {

  private final byte[] data;
  private final int end;
  private int pos;

  /**
   * Creates a reader over a whole array.
   *
   * @param data the encoded bytes (not copied)
   */
  public BareReader(byte[] data) {
    this(data, 0, data.length);
  }

  /**
   * Creates a reader over a slice.
   *
   * @param data the array (not copied)
   * @param offset the first byte
   * @param length the number of bytes
   */
  public BareReader(byte[] data, int offset, int length) {
    if (offset < 0 || length < 0 || length > data.length - offset) {
      throw new IllegalArgumentException("slice out of bounds");
    }
    this.data = data;
    this.pos = offset;
    this.end = offset + length;
  }

  /**
   * @return the number of bytes not yet read
   */
  public int remaining() {
    return end - pos;
  }

  /**
   * @return the current position in the underlying array
   */
  public int position() {
    return pos;
  }

  /**
   * @throws DecodeException if bytes remain
   */
  public void expectEnd() {
    if (pos != end) {
      throw new DecodeException("BARE: " + (end - pos) + " trailing bytes");
    }
  }

  /**
   * Reads an unsigned LEB128 varint of at most 10 bytes; the 10th byte, if reached, must be exactly
   * {@code 0x01} (Ockam's rule). Non-minimal encodings are accepted.
   *
   * @return the value as an unsigned 64-bit long
   * @throws DecodeException if truncated or over 64 bits
   */
  public long varint() {
    long value = 0;
    for (int shift = 0; ; shift += 7) {
      if (pos >= end) {
        throw new DecodeException("BARE: truncated varint");
      }
      int b = data[pos++] & 0xFF;
      if (shift == 63) {
        if (b != 0x01) {
          throw new DecodeException("BARE: varint overflows 64 bits");
        }
        return value | (1L << 63);
      }
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
  }

  /**
   * Reads a varint that is a length or count no larger than {@code max}.
   *
   * @param max the largest accepted value
   * @return the value
   * @throws DecodeException if over the limit
   */
  public int length(int max) {
    long v = varint();
    if (v < 0 || v > max) {
      throw new DecodeException("BARE: length " + Long.toUnsignedString(v) + " over its limit " + max);
    }
    return (int) v;
  }

  /**
   * @return one byte, 0..255
   */
  public int u8() {
    if (pos >= end) {
      throw new DecodeException("BARE: unexpected end of input");
    }
    return data[pos++] & 0xFF;
  }

  /**
   * @return a 16-bit little-endian integer
   */
  public int u16le() {
    return u8() | (u8() << 8);
  }

  /**
   * Reads exactly {@code n} bytes.
   *
   * @param n the number of bytes
   * @return a copy of them
   * @throws DecodeException if fewer than {@code n} bytes remain
   */
  public byte[] fixed(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("negative length: " + n);
    }
    if (n > end - pos) {
      throw new DecodeException("BARE: need " + n + " bytes but only " + (end - pos) + " remain");
    }
    byte[] b = Arrays.copyOfRange(data, pos, pos + n);
    pos += n;
    return b;
  }

  /**
   * Skips exactly {@code n} bytes.
   *
   * @param n the number of bytes
   * @throws DecodeException if fewer than {@code n} bytes remain
   */
  public void skip(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("negative length: " + n);
    }
    if (n > end - pos) {
      throw new DecodeException("BARE: need " + n + " bytes but only " + (end - pos) + " remain");
    }
    pos += n;
  }

  /**
   * Reads a varint length then that many bytes.
   *
   * @param maxLength the largest accepted length
   * @return the bytes
   */
  public byte[] data(int maxLength) {
    return fixed(length(maxLength));
  }

  /**
   * Reads a varint length then that many bytes of UTF-8.
   *
   * @param maxLength the largest accepted length in bytes
   * @return the text
   * @throws DecodeException if the bytes are not valid UTF-8
   */
  public String string(int maxLength) {
    byte[] b = data(maxLength);
    try {
      return StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(b)).toString();
    } catch (CharacterCodingException e) {
      throw new DecodeException("BARE: string is not valid UTF-8");
    }
  }

  /**
   * @return the remaining bytes (consumed)
   */
  public byte[] rest() {
    return fixed(end - pos);
  }

  /**
   * Decodes a serde_bare {@code String} message that fills the whole input.
   *
   * @param bytes the message payload
   * @param maxLength the largest accepted length
   * @return the text
   */
  public static String decodeString(byte[] bytes, int maxLength) {
    BareReader r = new BareReader(bytes);
    String s = r.string(maxLength);
    r.expectEnd();
    return s;
  }

  /**
   * Decodes a serde_bare {@code Vec<u8>} message that fills the whole input.
   *
   * @param bytes the message payload
   * @param maxLength the largest accepted length
   * @return the inner bytes
   */
  public static byte[] decodeBytes(byte[] bytes, int maxLength) {
    BareReader r = new BareReader(bytes);
    byte[] b = r.data(maxLength);
    r.expectEnd();
    return b;
  }
}
