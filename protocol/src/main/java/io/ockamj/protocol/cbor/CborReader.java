package io.ockamj.protocol.cbor;

import io.ockamj.protocol.errors.DecodeException;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A bounded CBOR decoder over a byte array.
 * <p>
 * Every announced length is checked against the bytes that remain (and against the reader's item
 * limit) before anything is allocated, nesting is limited, and every failure is a
 * {@link DecodeException}. Like minicbor it accepts indefinite-length arrays, maps and strings when
 * reading, although our writer never produces them.
 */
public final class CborReader {

  /** Default limit on the number of elements an array or map header may announce. */
  public static final int DEFAULT_MAX_ITEMS = 1 << 20;
  /** Nesting limit applied while skipping items. */
  public static final int MAX_DEPTH = 64;

  /** CBOR major types, as returned by {@link #peekMajor()}. */
  public static final int UNSIGNED = 0, NEGATIVE = 1, BYTES = 2, TEXT = 3, ARRAY = 4, MAP = 5, TAG = 6, SIMPLE = 7;

  private final CborCursor in;

  /**
   * Creates a reader over a whole array.
   *
   * @param data the encoded bytes (not copied)
   */
  public CborReader(byte[] data) {
    this(data, 0, data.length, DEFAULT_MAX_ITEMS);
  }

  /**
   * Creates a reader over a slice.
   *
   * @param data the array (not copied)
   * @param offset the first byte
   * @param length the number of bytes
   * @param maxItems the largest element count an array or map may announce
   */
  public CborReader(byte[] data, int offset, int length, int maxItems) {
    this.in = new CborCursor(data, offset, length, maxItems);
  }

  /**
   * @return the current position in the underlying array
   */
  public int position() {
    return in.pos;
  }

  /**
   * @return {@code true} if there are no more bytes
   */
  public boolean atEnd() {
    return in.remaining() <= 0;
  }

  /**
   * @throws DecodeException if bytes remain after the last item
   */
  public void expectEnd() {
    if (in.remaining() != 0) {
      throw new DecodeException("CBOR: " + in.remaining() + " trailing bytes after the item");
    }
  }

  /**
   * @return the major type (0..7) of the next item, without consuming it
   * @throws DecodeException at end of input
   */
  public int peekMajor() {
    return in.peekByte() >>> 5;
  }

  /**
   * @return {@code true} if the next item is {@code null}
   */
  public boolean peekNull() {
    return in.peekNull();
  }

  /**
   * @return {@code true} if the next byte is the "break" that ends an indefinite-length item
   */
  public boolean peekBreak() {
    return in.peekBreak();
  }

  /**
   * Reads an unsigned integer that must fit in a signed long.
   *
   * @return the value
   * @throws DecodeException if the item is not an unsigned integer or is over {@code Long.MAX_VALUE}
   */
  public long readU64() {
    long v = in.head(UNSIGNED);
    if (v < 0) {
      throw new DecodeException("CBOR: unsigned integer over 2^63-1");
    }
    return v;
  }

  /**
   * Reads an unsigned integer no larger than {@code max}.
   *
   * @param max the largest accepted value
   * @return the value
   * @throws DecodeException if the value is out of range
   */
  public long readU64(long max) {
    long v = readU64();
    if (v > max) {
      throw new DecodeException("CBOR: integer " + v + " over its limit " + max);
    }
    return v;
  }

  /**
   * @return an unsigned integer that fits in an {@code int}
   */
  public int readU32AsInt() {
    return (int) readU64(Integer.MAX_VALUE);
  }

  /**
   * Reads an unsigned or negative integer.
   *
   * @return the value
   * @throws DecodeException if the item is not an integer or does not fit in a long
   */
  public long readI64() {
    if (peekMajor() == NEGATIVE) {
      long v = in.head(NEGATIVE);
      if (v < 0) {
        throw new DecodeException("CBOR: negative integer below -2^63");
      }
      return -1 - v;
    }
    return readU64();
  }

  /**
   * @return the boolean value
   * @throws DecodeException if the item is not {@code true}/{@code false}
   */
  public boolean readBool() {
    int b = in.peekByte();
    if (b == 0xF4 || b == 0xF5) {
      in.pos++;
      return b == 0xF5;
    }
    throw new DecodeException("CBOR: expected a boolean at offset " + in.pos);
  }

  /**
   * Consumes a {@code null}.
   *
   * @throws DecodeException if the item is not {@code null}
   */
  public void readNull() {
    if (!peekNull()) {
      throw new DecodeException("CBOR: expected null at offset " + in.pos);
    }
    in.pos++;
  }

  /**
   * Reads a byte string of any length that fits in the remaining input.
   *
   * @return a copy of the bytes
   */
  public byte[] readBytes() {
    return readBytes(Integer.MAX_VALUE);
  }

  /**
   * Reads a byte string no longer than {@code maxLength}.
   *
   * @param maxLength the largest accepted length
   * @return a copy of the bytes
   * @throws DecodeException if the string is longer, truncated or of another type
   */
  public byte[] readBytes(int maxLength) {
    return readString(BYTES, maxLength);
  }

  /**
   * Reads only the head of a byte string and leaves its content for the caller, who knows where it
   * lies ({@link #position()} on) and how long it is.
   *
   * @return the content length of a definite-length byte string, or -1 for an indefinite-length one
   *   (whose chunks follow)
   * @throws DecodeException if the next item is not a byte string
   */
  public long readBytesHead() {
    return in.head(BYTES);
  }

  /**
   * Reads a text string of any length that fits in the remaining input.
   *
   * @return the text
   */
  public String readText() {
    return readText(Integer.MAX_VALUE);
  }

  /**
   * Reads a text string no longer than {@code maxLength} bytes of UTF-8.
   *
   * @param maxLength the largest accepted length in bytes
   * @return the text
   * @throws DecodeException if the text is too long, truncated or not valid UTF-8
   */
  public String readText(int maxLength) {
    byte[] b = readString(TEXT, maxLength);
    try {
      return StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(b)).toString();
    } catch (CharacterCodingException e) {
      throw new DecodeException("CBOR: text string is not valid UTF-8");
    }
  }

  private byte[] readString(int major, int maxLength) {
    long n = in.head(major);
    if (n >= 0) {
      return in.take(n, maxLength);
    }
    // indefinite length: a sequence of definite chunks of the same major type, then a break
    byte[] out = new byte[0];
    while (!peekBreak()) {
      long c = in.head(major);
      if (c < 0) {
        throw new DecodeException("CBOR: nested indefinite-length string");
      }
      byte[] chunk = in.take(c, maxLength - out.length);
      out = Arrays.copyOf(out, out.length + chunk.length);
      System.arraycopy(chunk, 0, out, out.length - chunk.length, chunk.length);
    }
    in.pos++;
    return out;
  }

  /**
   * Reads an array header.
   *
   * @return the number of elements, or {@code -1} for an indefinite-length array (ended by a break,
   *   see {@link #peekBreak()} and {@link #readBreak()})
   * @throws DecodeException if the count is over the reader's limit or the remaining input
   */
  public int readArrayHeader() {
    return in.count(in.head(ARRAY), 1);
  }

  /**
   * Reads a map header.
   *
   * @return the number of entries, or {@code -1} for an indefinite-length map
   * @throws DecodeException if the count is over the reader's limit or the remaining input
   */
  public int readMapHeader() {
    return in.count(in.head(MAP), 2);
  }

  /**
   * Reads a tag number.
   *
   * @return the tag
   */
  public long readTag() {
    return in.head(TAG);
  }

  /**
   * Consumes the break that ends an indefinite-length item.
   */
  public void readBreak() {
    if (!peekBreak()) {
      throw new DecodeException("CBOR: expected break at offset " + in.pos);
    }
    in.pos++;
  }

  /**
   * Tells whether another element of an array or map follows.
   *
   * @param remaining the count returned by the header ({@code -1} if indefinite), minus elements read
   * @return {@code true} if one more element is to be read; for indefinite containers, consumes the break
   */
  public boolean hasNext(int remaining) {
    if (remaining == -1 || remaining < -1) {
      if (peekBreak()) {
        in.pos++;
        return false;
      }
      return true;
    }
    return remaining > 0;
  }

  /**
   * Skips one complete item of any type.
   *
   * @throws DecodeException if the item is malformed or nested deeper than {@link #MAX_DEPTH}
   */
  public void skip() {
    in.skip(0);
  }

  /**
   * Returns the exact encoded bytes of the next item and moves past it. Signed and hashed data is
   * kept this way, never re-encoded.
   *
   * @return a copy of the item's bytes
   */
  public byte[] readRawItem() {
    int start = in.pos;
    skip();
    return in.copy(start, in.pos);
  }
}
