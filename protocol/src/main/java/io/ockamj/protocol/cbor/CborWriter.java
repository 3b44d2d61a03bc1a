package io.ockamj.protocol.cbor;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A small CBOR encoder that writes exactly what minicbor writes: integers in their shortest form and
 * definite lengths only. Everything Ockam hashes or signs is encoded with it, so its output must be
 * deterministic.
 * <p>
 * The writer grows an internal buffer; it is not thread safe. Calls are fluent:
 * <pre>{@code
 * byte[] b = new CborWriter().array(2).u64(0).bytes(name).toByteArray();
 * }</pre>
 */
public final class CborWriter {

  private byte[] buf;
  private int len;

  /** Creates a writer with a small initial buffer. */
  public CborWriter() {
    this(64);
  }

  /**
   * Creates a writer.
   *
   * @param initialCapacity the initial buffer size in bytes
   */
  public CborWriter(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  private void ensure(int extra) {
    if (len + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
    }
  }

  private void head(int major, long value) {
    ensure(9);
    int m = major << 5;
    if (value >= 0 && value < 24) {
      buf[len++] = (byte) (m | value);
    } else if (value >= 0 && value <= 0xFF) {
      buf[len++] = (byte) (m | 24);
      buf[len++] = (byte) value;
    } else if (value >= 0 && value <= 0xFFFF) {
      buf[len++] = (byte) (m | 25);
      buf[len++] = (byte) (value >>> 8);
      buf[len++] = (byte) value;
    } else if (value >= 0 && value <= 0xFFFF_FFFFL) {
      buf[len++] = (byte) (m | 26);
      for (int s = 24; s >= 0; s -= 8) {
        buf[len++] = (byte) (value >>> s);
      }
    } else {
      // values >= 2^32, including "negative" longs that stand for unsigned values >= 2^63
      buf[len++] = (byte) (m | 27);
      for (int s = 56; s >= 0; s -= 8) {
        buf[len++] = (byte) (value >>> s);
      }
    }
  }

  /**
   * Writes an unsigned integer. A negative {@code value} is taken as an unsigned 64-bit value.
   *
   * @param value the value
   * @return this writer
   */
  public CborWriter u64(long value) {
    head(0, value);
    return this;
  }

  /**
   * Writes a signed integer (major type 0 or 1).
   *
   * @param value the value
   * @return this writer
   */
  public CborWriter i64(long value) {
    if (value >= 0) {
      head(0, value);
    } else {
      head(1, -1 - value);
    }
    return this;
  }

  /**
   * Writes a byte string.
   *
   * @param value the bytes
   * @return this writer
   */
  public CborWriter bytes(byte[] value) {
    return bytes(value, 0, value.length);
  }

  /**
   * Writes a byte string from a slice.
   *
   * @param value the array
   * @param offset the first byte
   * @param length the number of bytes
   * @return this writer
   */
  public CborWriter bytes(byte[] value, int offset, int length) {
    head(2, length);
    ensure(length);
    System.arraycopy(value, offset, buf, len, length);
    len += length;
    return this;
  }

  /**
   * Writes only the head of a byte string of {@code length} bytes; the caller writes the bytes
   * themselves elsewhere (e.g. straight into a socket buffer after this writer's content).
   *
   * @param length the length of the byte string that follows
   * @return this writer
   */
  public CborWriter bytesHead(int length) {
    head(2, length);
    return this;
  }

  /**
   * Writes a text string.
   *
   * @param value the text
   * @return this writer
   */
  public CborWriter text(String value) {
    byte[] b = value.getBytes(StandardCharsets.UTF_8);
    head(3, b.length);
    ensure(b.length);
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
    return this;
  }

  /**
   * Starts a definite-length array; the caller then writes {@code size} items.
   *
   * @param size the number of items
   * @return this writer
   */
  public CborWriter array(int size) {
    head(4, size);
    return this;
  }

  /**
   * Starts a definite-length map; the caller then writes {@code size} key/value pairs.
   *
   * @param size the number of entries
   * @return this writer
   */
  public CborWriter map(int size) {
    head(5, size);
    return this;
  }

  /**
   * Writes a tag.
   *
   * @param tag the tag number
   * @return this writer
   */
  public CborWriter tag(long tag) {
    head(6, tag);
    return this;
  }

  /**
   * Writes {@code true} or {@code false}.
   *
   * @param value the value
   * @return this writer
   */
  public CborWriter bool(boolean value) {
    ensure(1);
    buf[len++] = (byte) (value ? 0xF5 : 0xF4);
    return this;
  }

  /**
   * Writes {@code null}.
   *
   * @return this writer
   */
  public CborWriter nil() {
    ensure(1);
    buf[len++] = (byte) 0xF6;
    return this;
  }

  /**
   * Copies already-encoded CBOR (one or more complete items) as is. Used to re-transmit signed data
   * without re-encoding it.
   *
   * @param encoded the encoded bytes
   * @return this writer
   */
  public CborWriter raw(byte[] encoded) {
    ensure(encoded.length);
    System.arraycopy(encoded, 0, buf, len, encoded.length);
    len += encoded.length;
    return this;
  }

  /**
   * @return the number of bytes written so far
   */
  public int size() {
    return len;
  }

  /**
   * The writer's own buffer, not a copy: the encoding is its first {@link #size()} bytes. For
   * callers that consume the bytes at once (encrypt them, write them to a socket); it is invalid
   * after the next write.
   *
   * @return the internal buffer
   */
  public byte[] buffer() {
    return buf;
  }

  /**
   * @return a copy of the bytes written so far
   */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, len);
  }
}
