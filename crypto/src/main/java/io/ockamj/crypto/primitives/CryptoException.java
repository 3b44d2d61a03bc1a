package io.ockamj.crypto.primitives;

import io.ockamj.protocol.errors.OckamException;

/**
 * Base class of the typed failures raised by the cryptographic primitives and the Noise
 * secure-channel code: authentication failures, weak keys, malformed handshake or data-phase
 * messages.
 * <p>
 * These describe bad or hostile input rather than bugs, so they are created without a stack
 * trace. Their messages never contain key material.
 */
public class CryptoException extends OckamException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates a crypto failure.
   *
   * @param message what went wrong (never key bytes)
   */
  public CryptoException(String message) {
    super(message, null, false);
  }

  /**
   * Creates a crypto failure with a cause.
   *
   * @param message what went wrong (never key bytes)
   * @param cause the underlying failure, may be {@code null}
   */
  public CryptoException(String message, Throwable cause) {
    super(message, cause, false);
  }
}
