package io.ockamj.protocol.errors;

/**
 * The root of every exception this project raises.
 * <p>
 * Protocol errors on hot paths are created without a stack trace (see
 * {@link #OckamException(String, Throwable, boolean)}), mirroring {@code VertxException.noStackTrace}:
 * they describe bad input, not a bug, and filling a stack trace per bad frame is wasted work.
 */
public class OckamException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what went wrong
   */
  public OckamException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public OckamException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Creates an exception, optionally without a stack trace.
   *
   * @param message what went wrong
   * @param cause the underlying failure, may be {@code null}
   * @param withStackTrace {@code false} for cheap hot-path protocol errors
   */
  protected OckamException(String message, Throwable cause, boolean withStackTrace) {
    super(message, cause, false, withStackTrace);
  }
}
