package io.ockamj.policy;

import io.ockamj.protocol.errors.OckamException;

/**
 * An expression that could not be evaluated (Rust's {@code EvalError}); an access control treats it
 * as a denial. Messages are Rust's.
 */
public final class EvalException extends OckamException {

  private static final long serialVersionUID = 1L;

  /** Rust's error variants. */
  public enum Reason {
    /** An identifier has no value in the environment. */
    UNBOUND,
    /** An application names an unknown operator. */
    UNKNOWN,
    /** A value of the wrong type, for example a non-boolean argument of {@code and}. */
    INVALID_TYPE,
    /** Two values that cannot be compared. */
    TYPE_MISMATCH,
    /** Wrong number of arguments. */
    MALFORMED
  }

  /** Why the evaluation failed; serialized with the exception. */
  private final Reason reason;

  EvalException(Reason reason, String message) {
    super(message, null, false);
    this.reason = reason;
  }

  static EvalException unbound(String id) {
    return new EvalException(Reason.UNBOUND, "unbound identifier: " + id);
  }

  static EvalException invalidType(Expr e, String msg) {
    return new EvalException(Reason.INVALID_TYPE, "invalid type of expression " + e + ": " + msg);
  }

  static EvalException mismatch(Expr a, Expr b) {
    return new EvalException(Reason.TYPE_MISMATCH, a + " and " + b + " are not of the same type");
  }

  static EvalException malformed(String msg) {
    return new EvalException(Reason.MALFORMED, "malformed expression: " + msg);
  }

  /** @return the kind of problem */
  public Reason reason() {
    return reason;
  }
}
