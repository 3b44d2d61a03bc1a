package io.ockamj.verticles.authority;

import io.ockamj.protocol.errors.OckamException;

/**
 * The Okta tenant did not vouch for an access token: why, as a {@link Kind}, and a message for logs.
 */
public final class OktaException extends OckamException {

  private static final long serialVersionUID = 1L;

  /** Why the userinfo request gave no attributes. */
  public enum Kind {
    /** No answer: connection refused, TLS handshake failed (certificate not the configured one), timeout. */
    UNREACHABLE,
    /** The tenant answered with another status than 200 (e.g. 401 for an unknown or expired token). */
    REFUSED,
    /** The tenant answered 200 with a body that is not a JSON object, or is too large. */
    BAD_BODY,
    /** The token cannot be sent in an {@code Authorization} header. */
    BAD_TOKEN,
    /** Too many userinfo requests are waiting for a connection already. */
    BUSY
  }

  /** Serialized with the exception. */
  private final Kind kind;

  /**
   * @param kind why
   * @param message the details
   */
  public OktaException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  /** @return why */
  public Kind kind() {
    return kind;
  }
}
