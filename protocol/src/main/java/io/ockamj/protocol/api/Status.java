package io.ockamj.protocol.api;

import io.ockamj.protocol.errors.DecodeException;

/**
 * The status of an API response. Encoded as a CBOR unsigned integer whose value is the HTTP-like
 * code itself (Rust's {@code #[cbor(index_only)]} enum with {@code #[n(200)] Ok}, ...).
 */
public enum Status {
  /** 200: success. */
  OK(200),
  /** 400: the request was malformed. */
  BAD_REQUEST(400),
  /** 401: the caller is not authenticated. */
  UNAUTHORIZED(401),
  /** 403: the caller may not do this. */
  FORBIDDEN(403),
  /** 404: no such resource or path. */
  NOT_FOUND(404),
  /** 405: the path does not support the method. */
  METHOD_NOT_ALLOWED(405),
  /** 408: an operation did not finish in time. */
  TIMEOUT(408),
  /** 409: the resource already exists or is in use. */
  CONFLICT(409),
  /** 500: the server failed. */
  INTERNAL_SERVER_ERROR(500),
  /** 501: the server does not implement this. */
  NOT_IMPLEMENTED(501);

  private final int code;

  Status(int code) {
    this.code = code;
  }

  /**
   * @return the wire code, for example 200
   */
  public int code() {
    return code;
  }

  /**
   * @return {@code true} for {@link #OK}
   */
  public boolean isOk() {
    return this == OK;
  }

  /**
   * @param code a wire code
   * @return the status
   * @throws DecodeException if the code is unknown
   */
  public static Status fromCode(long code) {
    for (Status s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    throw new DecodeException("API: unknown status code " + code);
  }
}
