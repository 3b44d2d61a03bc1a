package io.ockamj.protocol.api;

import io.ockamj.protocol.cbor.CborReader;
import io.ockamj.protocol.cbor.CborWriter;
import io.ockamj.protocol.errors.DecodeException;

import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The header of an API request: a CBOR map {@code {1: id (u32), 2: path (text), 3: method (uint,
 * optional), 4: has_body (bool)}}. Decoding skips unknown keys (the Elixir client adds
 * {@code 5: tracing_context}).
 *
 * @param id the request id, {@code 0..2^32-1}; responses quote it
 * @param path the path, for example {@code /node/workers}
 * @param method the method, or {@code null} if absent
 * @param hasBody whether a body item follows the header
 */
public record RequestHeader(long id, String path, Method method, boolean hasBody) {

  /** Longest path accepted when decoding, in UTF-8 bytes. */
  public static final int MAX_PATH_LENGTH = 4096;

  /**
   * Validates the components.
   *
   * @param id the request id
   * @param path the path
   * @param method the method or {@code null}
   * @param hasBody whether a body follows
   */
  public RequestHeader {
    Objects.requireNonNull(path, "path");
    if (id < 0 || id > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("request id out of u32 range: " + id);
    }
  }

  /**
   * Creates a header with a fresh random id.
   *
   * @param method the method
   * @param path the path
   * @param hasBody whether a body follows
   * @return the header
   */
  public static RequestHeader of(Method method, String path, boolean hasBody) {
    return new RequestHeader(newId(), path, method, hasBody);
  }

  /**
   * A fresh id as Rust Ockam makes one: a random u32 plus one, saturating, so never 0.
   *
   * @return the id
   */
  public static long newId() {
    long r = ThreadLocalRandom.current().nextInt() & 0xFFFF_FFFFL;
    return Math.min(r + 1, 0xFFFF_FFFFL);
  }

  /**
   * @return the path split into segments after stripping leading {@code /}s (empty segments dropped)
   */
  public String[] segments() {
    String p = path;
    int i = 0;
    while (i < p.length() && p.charAt(i) == '/') {
      i++;
    }
    p = p.substring(i);
    if (p.isEmpty()) {
      return new String[0];
    }
    return java.util.Arrays.stream(p.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
  }

  /**
   * Writes the header.
   *
   * @param w the writer
   */
  public void write(CborWriter w) {
    w.map(method == null ? 3 : 4);
    w.u64(1).u64(id);
    w.u64(2).text(path);
    if (method != null) {
      w.u64(3).u64(method.code());
    }
    w.u64(4).bool(hasBody);
  }

  /**
   * @return the encoded header
   */
  public byte[] encode() {
    CborWriter w = new CborWriter(16 + path.length());
    write(w);
    return w.toByteArray();
  }

  /**
   * Reads a header.
   *
   * @param r the reader, positioned at the header
   * @return the header
   * @throws DecodeException if it is malformed or a required field ({@code id}, {@code path},
   *     {@code has_body}) is missing
   */
  public static RequestHeader read(CborReader r) {
    if (r.peekMajor() != CborReader.MAP) {
      throw new DecodeException("API: a request header must be a CBOR map");
    }
    int n = r.readMapHeader();
    Long id = null;
    String path = null;
    Method method = null;
    Boolean hasBody = null;
    for (int i = 0; r.hasNext(n < 0 ? -1 : n - i); i++) {
      if (r.peekMajor() != CborReader.UNSIGNED) {
        r.skip();
        r.skip();
        continue;
      }
      long key = r.readU64();
      if (key == 1) {
        id = r.readU64(0xFFFF_FFFFL);
      } else if (key == 2) {
        path = r.readText(MAX_PATH_LENGTH);
      } else if (key == 3) {
        if (r.peekNull()) {
          r.readNull();
          method = null;
        } else {
          method = Method.fromCode(r.readU64());
        }
      } else if (key == 4) {
        hasBody = r.readBool();
      } else {
        r.skip();
      }
    }
    if (id == null || path == null || hasBody == null) {
      throw new DecodeException("API: request header without " + (id == null ? "id" : path == null ? "path" : "has_body"));
    }
    return new RequestHeader(id, path, method, hasBody);
  }
}
