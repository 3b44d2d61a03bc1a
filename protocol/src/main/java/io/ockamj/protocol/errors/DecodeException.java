package io.ockamj.protocol.errors;

/**
 * Raised when bytes received from a peer (or read from disk) cannot be decoded: truncated input,
 * a length over its limit, a wrong type, invalid UTF-8 or an unknown tag.
 * <p>
 * Decoders check every announced length against a limit before allocating, so this exception is
 * also what an oversized input produces. It carries no stack trace: it describes bad input.
 */
public class DecodeException extends OckamException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates a decode error.
   *
   * @param message what was wrong with the input
   */
  public DecodeException(String message) {
    super(message, null, false);
  }

  /**
   * Creates a decode error caused by another failure.
   *
   * @param message what was wrong with the input
   * @param cause the underlying failure
   */
  public DecodeException(String message, Throwable cause) {
    super(message, cause, false);
  }
}
