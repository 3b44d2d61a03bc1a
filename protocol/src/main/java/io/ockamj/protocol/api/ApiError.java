package io.ockamj.protocol.api;

import io.ockamj.protocol.cbor.CborReader;
import io.ockamj.protocol.cbor.CborWriter;
import io.ockamj.protocol.errors.DecodeException;

/**
 * The body of a failed API response: a CBOR map {@code {1: path?, 2: method?, 3: message?,
 * 4: cause? (nested error)}}. Every field is optional. Nesting of causes is limited to
 * {@link #MAX_DEPTH} when decoding.
 *
 * @param path the request path, or {@code null}
 * @param method the request method, or {@code null}
 * @param message what went wrong, or {@code null}
 * @param cause the underlying error, or {@code null}
 */
public record ApiError(String path, Method method, String message, ApiError cause) {

  /** Deepest chain of causes accepted when decoding. */
  public static final int MAX_DEPTH = 8;
  /** Longest message or path accepted when decoding, in UTF-8 bytes. */
  public static final int MAX_TEXT_LENGTH = 64 * 1024;

  /**
   * Creates an error without cause.
   *
   * @param request the request that failed
   * @param message what went wrong
   * @return the error
   */
  public static ApiError of(RequestHeader request, String message) {
    return new ApiError(request.path(), request.method(), message, null);
  }

  /**
   * Writes the error.
   *
   * @param w the writer
   */
  public void write(CborWriter w) {
    int n = (path != null ? 1 : 0) + (method != null ? 1 : 0) + (message != null ? 1 : 0) + (cause != null ? 1 : 0);
    w.map(n);
    if (path != null) {
      w.u64(1).text(path);
    }
    if (method != null) {
      w.u64(2).u64(method.code());
    }
    if (message != null) {
      w.u64(3).text(message);
    }
    if (cause != null) {
      w.u64(4);
      cause.write(w);
    }
  }

  /**
   * @return the encoded error
   */
  public byte[] encode() {
    CborWriter w = new CborWriter();
    write(w);
    return w.toByteArray();
  }

  /**
   * Reads an error.
   *
   * @param r the reader
   * @return the error
   * @throws DecodeException if malformed or nested deeper than {@link #MAX_DEPTH}
   */
  public static ApiError read(CborReader r) {
    return read(r, 0);
  }

  /**
   * Decodes an error that fills {@code bytes} exactly.
   *
   * @param bytes the encoded error
   * @return the error
   * @throws DecodeException if malformed
   */
  public static ApiError decode(byte[] bytes) {
    CborReader r = new CborReader(bytes);
    ApiError e = read(r);
    r.expectEnd();
    return e;
  }

  private static ApiError read(CborReader r, int depth) {
    if (depth >= MAX_DEPTH) {
      throw new DecodeException("API: error causes nested deeper than " + MAX_DEPTH);
    }
    if (r.peekMajor() != CborReader.MAP) {
      throw new DecodeException("API: an error body must be a CBOR map");
    }
    int n = r.readMapHeader();
    String path = null;
    Method method = null;
    String message = null;
    ApiError cause = null;
    for (int i = 0; r.hasNext(n < 0 ? -1 : n - i); i++) {
      if (r.peekMajor() != CborReader.UNSIGNED) {
        r.skip();
        r.skip();
        continue;
      }
      long key = r.readU64();
      if (r.peekNull() && key >= 1 && key <= 4) {
        r.readNull();
        continue;
      }
      if (key == 1) {
        path = r.readText(MAX_TEXT_LENGTH);
      } else if (key == 2) {
        method = Method.fromCode(r.readU64());
      } else if (key == 3) {
        message = r.readText(MAX_TEXT_LENGTH);
      } else if (key == 4) {
        cause = read(r, depth + 1);
      } else {
        r.skip();
      }
    }
    return new ApiError(path, method, message, cause);
  }

  /**
   * @return the message and the messages of the causes, joined with {@code ": "}
   */
  public String describe() {
    StringBuilder b = new StringBuilder();
    for (ApiError e = this; e != null; e = e.cause) {
      if (e.message != null) {
        if (b.length() > 0) {
          b.append(": ");
        }
        b.append(e.message);
      }
    }
    return b.length() == 0 ? "unspecified error" : b.toString();
  }
}
