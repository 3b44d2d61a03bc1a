package io.ockamj.protocol.cbor;

import io.ockamj.protocol.errors.DecodeException;

import java.util.Arrays;

/**
 * The bounds-checked position over the input of a {@link CborReader}: item heads, lengths checked
 * against the remaining bytes and the item limit, and structural skipping. The reader builds typed
 * values on top of it.
 */
final class CborCursor {

  private final byte[] data;
  private final int end;
  private final int maxItems;
  int pos;

  CborCursor(byte[] data, int offset, int length, int maxItems) {
    if (offset < 0 || length < 0 || length > data.length - offset) {
      throw new IllegalArgumentException("slice out of bounds");
    }
    this.data = data;
    this.pos = offset;
    this.end = offset + length;
    this.maxItems = maxItems;
  }

  int remaining() {
    return end - pos;
  }

  byte[] copy(int from, int to) {
    return Arrays.copyOfRange(data, from, to);
  }

  int peekByte() {
    if (pos >= end) {
      throw new DecodeException("CBOR: unexpected end of input at offset " + pos);
    }
    return data[pos] & 0xFF;
  }

  boolean peekNull() {
    return pos < end && (data[pos] & 0xFF) == 0xF6;
  }

  boolean peekBreak() {
    return pos < end && (data[pos] & 0xFF) == 0xFF;
  }

  // reads the argument of an item head of the given major type; returns -1 for indefinite length
  long head(int major) {
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
        if (major >= CborReader.BYTES && major <= CborReader.MAP) {
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

  static String name(int major) {
    switch (major) {
      case CborReader.UNSIGNED: return "unsigned integer";
      case CborReader.NEGATIVE: return "negative integer";
      case CborReader.BYTES: return "byte string";
      case CborReader.TEXT: return "text string";
      case CborReader.ARRAY: return "array";
      case CborReader.MAP: return "map";
      case CborReader.TAG: return "tag";
      default: return "simple value";
    }
  }

  // like readString, without copying the content
  void skipString(int major) {
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

  void skipBytes(long n) {
    if (n < 0 || n > end - pos) {
      throw new DecodeException("CBOR: string of " + Long.toUnsignedString(n) + " bytes but only " + (end - pos) + " remain");
    }
    pos += (int) n;
  }

  byte[] take(long n, int maxLength) {
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

  int count(long n, int itemsPerElement) {
    if (n == -1) {
      return -1;
    }
    // every element takes at least one byte, so a count larger than the rest of the input is a lie
    if (n < 0 || n > maxItems || n * itemsPerElement > end - pos) {
      throw new DecodeException("CBOR: container of " + Long.toUnsignedString(n) + " elements exceeds the input or its limit");
    }
    return (int) n;
  }

  void skip(int depth) {
    if (depth > CborReader.MAX_DEPTH) {
      throw new DecodeException("CBOR: nesting deeper than " + CborReader.MAX_DEPTH);
    }
    int major = peekByte() >>> 5;
    switch (major) {
      case CborReader.UNSIGNED:
      case CborReader.NEGATIVE:
        head(major);
        break;
      case CborReader.BYTES:
      case CborReader.TEXT:
        skipString(major);
        break;
      case CborReader.ARRAY:
      case CborReader.MAP: {
        long n = major == CborReader.ARRAY ? count(head(CborReader.ARRAY), 1) : count(head(CborReader.MAP), 2);
        long items = n < 0 ? -1 : n * (major == CborReader.MAP ? 2 : 1);
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
      case CborReader.TAG:
        head(CborReader.TAG);
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
}
