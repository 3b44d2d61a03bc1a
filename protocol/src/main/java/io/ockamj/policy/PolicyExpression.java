package io.ockamj.policy;

import io.ockamj.policy.PolicyParseException.Reason;
import io.ockamj.protocol.cbor.CborReader;
import io.ockamj.protocol.cbor.CborWriter;
import io.ockamj.protocol.errors.DecodeException;

import java.util.Objects;

/**
 * A policy as a user writes it (Rust's {@code PolicyExpression}): a full S-expression or the boolean
 * shorthand. CBOR: {@code [0, [Expr]]} or {@code [1, [BooleanExpr]]}; JSON and storage use the
 * display form (what {@code toString()} returns).
 */
public sealed interface PolicyExpression {

  /** @return the full expression it stands for */
  Expr toExpression();

  /** A full expression. @param expression the expression */
  record Full(Expr expression) implements PolicyExpression {
    /** @param expression the expression */
    public Full {
      Objects.requireNonNull(expression, "expression");
    }

    @Override
    public Expr toExpression() {
      return expression;
    }

    @Override
    public String toString() {
      return expression.toString();
    }
  }

  /** The boolean shorthand. @param expression the shorthand, without {@code name = value} terms */
  record Boolean(BooleanExpr expression) implements PolicyExpression {
    /** @param expression the shorthand */
    public Boolean {
      Objects.requireNonNull(expression, "expression");
      if (expression.hasEquals()) {
        throw new IllegalArgumentException("name = value terms need a full expression");
      }
    }

    @Override
    public Expr toExpression() {
      return expression.toExpression();
    }

    @Override
    public String toString() {
      return expression.toString();
    }
  }

  /**
   * Parses a user's policy as Rust does: first as the boolean shorthand, then as a full expression.
   * A shorthand with {@code name = "value"} terms (ours) becomes a full expression.
   *
   * @param input the text
   * @return the policy
   * @throws PolicyParseException with both parsers' messages, as Rust reports them
   */
  static PolicyExpression parse(String input) {
    PolicyParseException e1;
    try {
      BooleanExpr b = BooleanParser.parse(input);
      return b.hasEquals() ? new Full(b.toExpression()) : new Boolean(b);
    } catch (PolicyParseException e) {
      if (e.reason() == Reason.TOO_LONG) {
        throw e;
      }
      e1 = e;
    }
    try {
      return new Full(ExprParser.parse(input));
    } catch (PolicyParseException e2) {
      throw new PolicyParseException(e2.reason() == Reason.TOO_DEEP ? Reason.TOO_DEEP : Reason.SHORTHAND,
        "Cannot parse the expression as either a simple boolean expression or a full policy expression:\n - "
          + e1.getMessage() + "\n - " + e2.getMessage());
    }
  }

  /**
   * @return the CBOR form
   */
  default byte[] encode() {
    CborWriter w = new CborWriter();
    write(w);
    return w.toByteArray();
  }

  /**
   * @param w the writer
   */
  default void write(CborWriter w) {
    if (this instanceof Full f) {
      w.array(2).u64(0).array(1);
      PolicyCbor.write(w, f.expression());
    } else {
      w.array(2).u64(1).array(1);
      PolicyCbor.write(w, ((Boolean) this).expression());
    }
  }

  /**
   * @param r a reader positioned at a policy expression
   * @return the policy
   * @throws DecodeException if malformed
   */
  static PolicyExpression read(CborReader r) {
    if (r.readArrayHeader() != 2) {
      throw new DecodeException("expected [index, [fields]] for a policy expression");
    }
    int index = (int) r.readU64(1);
    if (r.readArrayHeader() != 1) {
      throw new DecodeException("expected one field in a policy expression");
    }
    return index == 0 ? new Full(PolicyCbor.readExpr(r)) : new Boolean(PolicyCbor.readBoolean(r));
  }

  /**
   * @param cbor the CBOR form
   * @return the policy
   * @throws DecodeException if malformed or followed by other bytes
   */
  static PolicyExpression decode(byte[] cbor) {
    CborReader r = new CborReader(cbor);
    PolicyExpression p = read(r);
    r.expectEnd();
    return p;
  }
}
