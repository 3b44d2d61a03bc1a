package io.ockamj.protocol.api;

import io.ockamj.protocol.cbor.CborReader;
import io.ockamj.protocol.cbor.CborWriter;
import io.ockamj.protocol.errors.DecodeException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The self-describing bodies of this implementation's node-manager API: plain values (text-keyed
 * maps, lists, text, integers, booleans, bytes, null) written as CBOR, so that they read naturally
 * as JSON on the other side.
 * <p>
 * Java side: {@link Map} with {@link String} keys (insertion order kept), {@link List},
 * {@link String}, {@link Long} (any {@link Number} without fraction is accepted when writing),
 * {@link Boolean}, {@code byte[]} and {@code null}. Decoding is bounded by {@link #MAX_DEPTH} and
 * {@link #MAX_TEXT_LENGTH}, and fails with {@link DecodeException} on floats, tags, non-text map
 * keys and duplicate keys.
 */
public final class CborValue {

  /** Deepest nesting of maps and lists accepted. */
  public static final int MAX_DEPTH = 16;
  /** Longest text or byte string accepted, in bytes. */
  public static final int MAX_TEXT_LENGTH = 1024 * 1024;

  private CborValue() {
  }

  /**
   * Encodes a value.
   *
   * @param value the value
   * @return its CBOR encoding
   * @throws IllegalArgumentException if the value contains an unsupported type
   */
  public static byte[] encode(Object value) {
    CborWriter w = new CborWriter();
    write(w, value, 0);
    return w.toByteArray();
  }

  /**
   * Decodes a value that fills {@code bytes} exactly.
   *
   * @param bytes the encoding
   * @return the value
   * @throws DecodeException if malformed or unsupported
   */
  public static Object decode(byte[] bytes) {
    CborReader r = new CborReader(bytes);
    Object v = read(r, 0);
    r.expectEnd();
    return v;
  }

  private static void write(CborWriter w, Object value, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("value nested deeper than " + MAX_DEPTH);
    }
    if (value == null) {
      w.nil();
    } else if (value instanceof String s) {
      w.text(s);
    } else if (value instanceof Boolean b) {
      w.bool(b);
    } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      w.i64(((Number) value).longValue());
    } else if (value instanceof byte[] b) {
      w.bytes(b);
    } else if (value instanceof Map<?, ?> m) {
      w.map(m.size());
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getKey() instanceof String)) {
          throw new IllegalArgumentException("map keys must be strings: " + e.getKey());
        }
        w.text((String) e.getKey());
        write(w, e.getValue(), depth + 1);
      }
    } else if (value instanceof List<?> l) {
      w.array(l.size());
      for (Object o : l) {
        write(w, o, depth + 1);
      }
    } else {
      throw new IllegalArgumentException("unsupported body value type " + value.getClass().getName());
    }
  }

  private static Object read(CborReader r, int depth) {
    if (depth > MAX_DEPTH) {
      throw new DecodeException("API body: nested deeper than " + MAX_DEPTH);
    }
    switch (r.peekMajor()) {
      case CborReader.UNSIGNED:
      case CborReader.NEGATIVE:
        return r.readI64();
      case CborReader.BYTES:
        return r.readBytes(MAX_TEXT_LENGTH);
      case CborReader.TEXT:
        return r.readText(MAX_TEXT_LENGTH);
      case CborReader.ARRAY: {
        int n = r.readArrayHeader();
        List<Object> l = new ArrayList<>(Math.max(0, Math.min(n, 64)));
        for (int i = 0; r.hasNext(n < 0 ? -1 : n - i); i++) {
          l.add(read(r, depth + 1));
        }
        return l;
      }
      case CborReader.MAP: {
        int n = r.readMapHeader();
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; r.hasNext(n < 0 ? -1 : n - i); i++) {
          if (r.peekMajor() != CborReader.TEXT) {
            throw new DecodeException("API body: map keys must be text");
          }
          String k = r.readText(MAX_TEXT_LENGTH);
          if (m.containsKey(k)) {
            throw new DecodeException("API body: duplicate key '" + k + "'");
          }
          m.put(k, read(r, depth + 1));
        }
        return m;
      }
      default:
        if (r.peekNull()) {
          r.readNull();
          return null;
        }
        try {
          return r.readBool();
        } catch (DecodeException e) {
          throw new DecodeException("API body: unsupported CBOR item (only maps, lists, text, integers, booleans, bytes, null)");
        }
    }
  }
}
