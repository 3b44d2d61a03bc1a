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

  private final byte[] data;
  private final int end;
  private final int maxItems;
  private int pos;

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
    if (offset < 0 || length < 0 || length > data.length - offset) {
      throw new IllegalArgumentException("slice out of bounds");
    }
    this.data = data;
    this.pos = offset;
    this.end = offset + length;
    this.maxItems = maxItems;
  }

  /**
   * @return the current position in the underlying array
   */
  public int position() {
    return pos;
  }

  /**
   * @return {@code true} if there are no more bytes
   */
  public boolean atEnd() {
    return pos >= end;
  }

  /**
   * @throws DecodeException if bytes remain after the last item
   */
  public void expectEnd() {
    if (pos != end) {
      throw new DecodeException("CBOR: " + (end - pos) + " trailing bytes after the item");
    }
  }

  private int peekByte() {
    if (pos >= end) {
      throw new DecodeException("CBOR: unexpected end of input at offset " + pos);
    }
    return data[pos] & 0xFF;
  }

  /**
   * @return the major type (0..7) of the next item, without consuming it
   * @throws DecodeException at end of input
   */
  public int peekMajor() {
    return peekByte() >>> 5;
  }

  /**
   * @return {@code true} if the next item is {@code null}
   */
  public boolean peekNull() {
    return pos < end && (data[pos] & 0xFF) == 0xF6;
  }

  /**
   * @return {@code true} if the next byte is the "break" that ends an indefinite-length item
   */
  public boolean peekBreak() {
    return pos < end && (data[pos] & 0xFF) == 0xFF;
  }

  // reads the argument of an item head of the given major type; returns -1 for indefinite length
  private long head(int major) {
    int ib = peekByte();
    if (ib >>> 5 != major) {
      throw new DecodeException("CBOR: expected " + name(major) + " but found " + name(ib >>> 5) + " at offset " + pos);
    }
    pos++;
    int info = ib & 0x1F;
    if (info < 24) {
      return info;
    }
    int n;
    switch (info) {
      case 24: n = 1; break;
      case 25: n = 2; break;
      case 26: n = 4; break;
      case 27: n = 8; break;
      case 31:
        if (major >= BYTES && major <= MAP) {
          return -1;
        }
        throw new DecodeException("CBOR: indefinite length not allowed for " + name(major));
      default:
        throw new DecodeException("CBOR: reserved additional information " + info + " at offset " + (pos - 1));
    }
    if (end - pos < n) {
      throw new DecodeException("CBOR: truncated item head at offset " + (pos - 1));
    }
    long v = 0;
    for (int i = 0; i < n; i++) {
      v = (v << 8) | (data[pos++] & 0xFF);
    }
    return v;
  }

  private static String name(int major) {
    switch (major) {
      case UNSIGNED: return "unsigned integer";
      case NEGATIVE: return "negative integer";
      case BYTES: return "byte string";
      case TEXT: return "text string";
      case ARRAY: return "array";
      case MAP: return "map";
      case TAG: return "tag";
      default: return "simple value";
    }
  }

  /**
   * Reads an unsigned integer that must fit in a signed long.
   *
   * @return the value
   * @throws DecodeException if the item is not an unsigned integer or is over {@code Long.MAX_VALUE}
   */
  public long readU64() {
    long v = head(UNSIGNED);
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
      long v = head(NEGATIVE);
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
    int b = peekByte();
    if (b == 0xF4 || b == 0xF5) {
      pos++;
      return b == 0xF5;
    }
    throw new DecodeException("CBOR: expected a boolean at offset " + pos);
  }

  /**
   * Consumes a {@code null}.
   *
   * @throws DecodeException if the item is not {@code null}
   */
  public void readNull() {
    if (!peekNull()) {
      throw new DecodeException("CBOR: expected null at offset " + pos);
    }
    pos++;
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
    return head(BYTES);
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
    long n = head(major);
    if (n >= 0) {
      return take(n, maxLength);
    }
    // indefinite length: a sequence of definite chunks of the same major type, then a break
    byte[] out = new byte[0];
    while (!peekBreak()) {
      long c = head(major);
      if (c < 0) {
        throw new DecodeException("CBOR: nested indefinite-length string");
      }
      byte[] chunk = take(c, maxLength - out.length);
      out = Arrays.copyOf(out, out.length + chunk.length);
      System.arraycopy(chunk, 0, out, out.length - chunk.length, chunk.length);
    }
    pos++;
    return out;
  }

  // like readString, without copying the content
  private void skipString(int major) {
    long n = head(major);
    if (n >= 0) {
      skipBytes(n);
      return;
    }
    while (!peekBreak()) {
      long c = head(major);
      if (c < 0) {
        throw new DecodeException("CBOR: nested indefinite-length string");
      }
      skipBytes(c);
    }
    pos++;
  }

  private void skipBytes(long n) {
    if (n < 0 || n > end - pos) {
      throw new DecodeException("CBOR: string of " + Long.toUnsignedString(n) + " bytes but only " + (end - pos) + " remain");
    }
    pos += (int) n;
  }

  private byte[] take(long n, int maxLength) {
    if (n < 0 || n > maxLength) {
      throw new DecodeException("CBOR: string of " + Long.toUnsignedString(n) + " bytes over its limit " + maxLength);
    }
    if (n > end - pos) {
      throw new DecodeException("CBOR: string of " + n + " bytes but only " + (end - pos) + " remain");
    }
    byte[] b = Arrays.copyOfRange(data, pos, pos + (int) n);
    pos += (int) n;
    return b;
  }

  /**
   * Reads an array header.
   *
   * @return the number of elements, or {@code -1} for an indefinite-length array (ended by a break,
   *   see {@link #peekBreak()} and {@link #readBreak()})
   * @throws DecodeException if the count is over the reader's limit or the remaining input
   */
  public int readArrayHeader() {
    return count(head(ARRAY), 1);
  }

  /**
   * Reads a map header.
   *
   * @return the number of entries, or {@code -1} for an indefinite-length map
   * @throws DecodeException if the count is over the reader's limit or the remaining input
   */
  public int readMapHeader() {
    return count(head(MAP), 2);
  }

  private int count(long n, int itemsPerElement) {
    if (n == -1) {
      return -1;
    }
    // every element takes at least one byte, so a count larger than the rest of the input is a lie
    if (n < 0 || n > maxItems || n * itemsPerElement > end - pos) {
      throw new DecodeException("CBOR: container of " + Long.toUnsignedString(n) + " elements exceeds the input or its limit");
    }
    return (int) n;
  }

  /**
   * Reads a tag number.
   *
   * @return the tag
   */
  public long readTag() {
    return head(TAG);
  }

  /**
   * Consumes the break that ends an indefinite-length item.
   */
  public void readBreak() {
    if (!peekBreak()) {
      throw new DecodeException("CBOR: expected break at offset " + pos);
    }
    pos++;
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
        pos++;
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
    skip(0);
  }

  private void skip(int depth) {
    if (depth > MAX_DEPTH) {
      throw new DecodeException("CBOR: nesting deeper than " + MAX_DEPTH);
    }
    int major = peekMajor();
    switch (major) {
      case UNSIGNED:
      case NEGATIVE:
        head(major);
        break;
      case BYTES:
      case TEXT:
        skipString(major);
        break;
      case ARRAY:
      case MAP: {
        long n = major == ARRAY ? readArrayHeader() : readMapHeader();
        long items = n < 0 ? -1 : n * (major == MAP ? 2 : 1);
        if (items < 0) {
          while (!peekBreak()) {
            skip(depth + 1);
          }
          pos++;
        } else {
          for (long i = 0; i < items; i++) {
            skip(depth + 1);
          }
        }
        break;
      }
      case TAG:
        head(TAG);
        skip(depth + 1);
        break;
      default: {
        int info = peekByte() & 0x1F;
        pos++;
        int n = info == 24 ? 1 : info == 25 ? 2 : info == 26 ? 4 : info == 27 ? 8 : 0;
        if (info > 27) {
          throw new DecodeException("CBOR: unexpected simple value or break at offset " + (pos - 1));
        }
        if (end - pos < n) {
          throw new DecodeException("CBOR: truncated simple value");
        }
        pos += n;
      }
    }
  }

  /**
   * Returns the exact encoded bytes of the next item and moves past it. Signed and hashed data is
   * kept this way, never re-encoded.
   *
   * @return a copy of the item's bytes
   */
  public byte[] readRawItem() {
    int start = pos;
    skip();
    return Arrays.copyOfRange(data, start, pos);
  }
}
