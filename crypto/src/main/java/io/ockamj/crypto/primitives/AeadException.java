package io.ockamj.crypto.primitives;

/**
 * Raised when an AEAD ciphertext fails authentication (wrong key, wrong nonce, wrong associated
 * data, tampered bytes) or is too short to hold the authentication tag.
 * <p>
 * This is the typed form of JCA's {@code AEADBadTagException} / {@code BadPaddingException}.
 */
public class AeadException extends CryptoException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an authentication failure.
   *
   * @param message what went wrong
   */
  public AeadException(String message) {
    super(message);
  }

  /**
   * Creates an authentication failure with a cause.
   *
   * @param message what went wrong
   * @param cause the underlying JCA failure
   */
  public AeadException(String message, Throwable cause) {
    super(message, cause);
  }
}
