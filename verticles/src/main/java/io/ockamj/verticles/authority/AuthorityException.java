package io.ockamj.verticles.authority;

import io.ockamj.protocol.api.Status;
import io.ockamj.protocol.errors.OckamException;

/**
 * An authority refused a request or answered with an error.
 */
public final class AuthorityException extends OckamException {

  private static final long serialVersionUID = 1L;

  /** The status of the authority's response; serialized with the exception. */
  private final Status status;

  /**
   * @param status the response status
   * @param message the authority's message
   */
  public AuthorityException(Status status, String message) {
    super(message);
    this.status = status;
  }

  /** @return the response status */
  public Status status() {
    return status;
  }
}
