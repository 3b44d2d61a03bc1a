package io.ockamj.policy;

import io.ockamj.protocol.errors.OckamException;

/**
 * A policy expression that could not be parsed. The message is the one Rust Ockam prints for the
 * same input where Rust has one; {@link #reason()} says what kind of problem it was.
 */
public final class PolicyParseException extends OckamException {

  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Reason {
    /** The input is longer than {@link ExprParser#MAX_LENGTH}. */
    TOO_LONG,
    /** The input nests deeper than {@link ExprParser#MAX_DEPTH}. */
    TOO_DEEP,
    /** A token, bracket or escape is malformed. */
    SYNTAX,
    /** A number does not fit or is malformed. */
    NUMBER,
    /** The elements of a literal sequence have different types. */
    TYPE_MISMATCH,
    /** The expression does not start with an operator. */
    NOT_AN_OPERATION,
    /** There is nothing to parse. */
    EMPTY,
    /** The boolean shorthand did not parse (and, for a policy, neither did the full syntax). */
    SHORTHAND
  }

  /** The kind of problem the parser met; serialized with the exception. */
  private final Reason reason;

  /**
   * @param reason the kind of problem
   * @param message the message
   */
  public PolicyParseException(Reason reason, String message) {
    super(message, null, false);
    this.reason = reason;
  }

  /** @return the kind of problem */
  public Reason reason() {
    return reason;
  }
}
