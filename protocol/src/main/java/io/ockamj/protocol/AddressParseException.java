package io.ockamj.protocol;

import io.ockamj.protocol.errors.OckamException;
/**
 * Raised when the text form of an {@link Address}, a {@link Route} or a {@link MultiAddr} is malformed.
 */
public class AddressParseException extends OckamException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates a parse error.
   *
   * @param message what was wrong with the text
   */
  public AddressParseException(String message) {
    super(message);
  }
}
