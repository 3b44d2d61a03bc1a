package io.ockamj.crypto.primitives;

/**
 * Raised when an X25519 agreement yields the all-zero shared secret, which happens exactly when the
 * peer sent a low-order point. Rust's x25519-dalek accepts such a result; this implementation
 * rejects it (see the protocol notes, section 17.8), which only makes a difference against a
 * hostile peer.
 */
public class WeakKeyException extends CryptoException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates a weak-key failure.
   *
   * @param message what went wrong
   */
  public WeakKeyException(String message) {
    super(message);
  }
}
