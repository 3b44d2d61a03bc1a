package io.ockamj.verticles.relay;

import io.ockamj.protocol.errors.OckamException;

/**
 * Why a relay could not be registered or kept alive.
 */
public class RelayException extends OckamException {

  private static final long serialVersionUID = 1L;

  /** The failure reasons. */
  public enum Reason {
    /** The relay service did not answer the registration in time. */
    TIMEOUT,
    /** The relay service answered with something that is not a valid registration reply. */
    INVALID_RESPONSE,
    /** The request itself was invalid (an empty name, a loop in the route). */
    INVALID_REQUEST,
    /** The relay or its session was closed. */
    CLOSED
  }

  /** Why the relay failed. */
  private final Reason reason;

  /**
   * @param reason why
   * @param message a one-line description
   */
  public RelayException(Reason reason, String message) {
    super(message, null, false);
    this.reason = reason;
  }

  /**
   * @param reason why
   * @param message a one-line description
   * @param cause the underlying failure
   */
  public RelayException(Reason reason, String message, Throwable cause) {
    super(message, cause, false);
    this.reason = reason;
  }

  /**
   * @return why
   */
  public Reason reason() {
    return reason;
  }
}
