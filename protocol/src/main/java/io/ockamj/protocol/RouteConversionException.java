package io.ockamj.protocol;

import io.ockamj.protocol.errors.OckamException;
/**
 * Raised when a {@link MultiAddr} cannot be turned into a {@link Route} (or back) without outside
 * help: {@code /node}, {@code /project} and {@code /space} components must first be resolved by the
 * caller, a host must be followed by {@code /tcp/<port>}, and only local and TCP addresses have a
 * multiaddr form.
 */
public class RouteConversionException extends OckamException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates a conversion error.
   *
   * @param message what could not be converted and why
   */
  public RouteConversionException(String message) {
    super(message);
  }

  /**
   * Creates a conversion error caused by another failure.
   *
   * @param message what could not be converted and why
   * @param cause the underlying failure
   */
  public RouteConversionException(String message, Throwable cause) {
    super(message, cause);
  }
}
