package io.ockamj.protocol.api;

import io.ockamj.protocol.errors.DecodeException;

/**
 * The method of an API request. Encoded as its index only (a CBOR unsigned integer):
 * Get 0, Post 1, Put 2, Delete 3, Patch 4.
 */
public enum Method {
  /** Read a resource. */
  GET,
  /** Create a resource or run an action. */
  POST,
  /** Replace a resource. */
  PUT,
  /** Delete a resource. */
  DELETE,
  /** Change part of a resource. */
  PATCH;

  private static final Method[] ALL = values();

  /**
   * @return the wire code (the declaration index)
   */
  public int code() {
    return ordinal();
  }

  /**
   * @param code a wire code
   * @return the method
   * @throws DecodeException if the code is unknown
   */
  public static Method fromCode(long code) {
    if (code < 0 || code >= ALL.length) {
      throw new DecodeException("API: unknown method code " + code);
    }
    return ALL[(int) code];
  }
}
