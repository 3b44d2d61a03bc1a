package io.ockamj.cli.terminal;

/** The output could not be made as asked (a {@code --jq} filter that does not compile or fails). */
public final class OutputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message one line for the user
   */
  public OutputException(String message) {
    super(message, null, false, false);
  }
}
