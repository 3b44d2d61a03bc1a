package io.ockamj.crypto;

import io.ockamj.protocol.errors.OckamException;

/**
 * Raised by a vault: unknown key id, a key of the wrong type for the operation, or a secret that
 * cannot be imported. Messages name key ids, never key bytes.
 */
public class VaultException extends OckamException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates a vault failure.
   *
   * @param message what went wrong
   */
  public VaultException(String message) {
    super(message);
  }

  /**
   * Creates a vault failure with a cause.
   *
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public VaultException(String message, Throwable cause) {
    super(message, cause);
  }
}
