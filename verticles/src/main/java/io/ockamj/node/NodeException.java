package io.ockamj.node;

import io.ockamj.protocol.errors.OckamException;

/**
 * A failure of the node runtime: an unknown address, a timeout, a stopped node, a transport error.
 * The {@link Kind} tells callers (and the CLI's exit codes) what went wrong without parsing text.
 */
public class NodeException extends OckamException {

  private static final long serialVersionUID = 1L;

  /** What kind of failure this is (after Ockam's error kinds). */
  public enum Kind {
    /** No worker or connection at the address. */
    NOT_FOUND,
    /** Something did not answer in time. */
    TIMEOUT,
    /** The argument or input was invalid. */
    INVALID,
    /** A resource is already in use (an address, a port). */
    ALREADY_EXISTS,
    /** The node or worker is shutting down. */
    SHUTDOWN,
    /** A network or socket failure. */
    IO,
    /** The peer violated the protocol. */
    PROTOCOL,
    /** Access was refused. */
    DENIED,
    /** Anything else. */
    INTERNAL
  }

  /** What kind of failure this is. */
  private final Kind kind;

  /**
   * Creates a node failure.
   *
   * @param kind what kind of failure
   * @param message a one-line description
   */
  public NodeException(Kind kind, String message) {
    super(message, null, false);
    this.kind = kind;
  }

  /**
   * Creates a node failure with a cause.
   *
   * @param kind what kind of failure
   * @param message a one-line description
   * @param cause the underlying failure
   */
  public NodeException(Kind kind, String message, Throwable cause) {
    super(message, cause, false);
    this.kind = kind;
  }

  /**
   * @return what kind of failure this is
   */
  public Kind kind() {
    return kind;
  }
}
