package io.ockamj.policy;

import java.util.Objects;

/**
 * Rust's boolean shorthand for policies ({@code boolean_expr.rs}): names joined by {@code and},
 * {@code or}, {@code not} and parentheses. A name {@code n} means {@code (= subject.n "true")}.
 * Parse with {@link BooleanParser}; each implementation's {@code toString()} is Rust's display form.
 * <p>
 * {@link Equals} ({@code name = "value"}) is our addition; it has no CBOR form, so a
 * {@link PolicyExpression} holding one is converted to a full expression.
 */
public sealed interface BooleanExpr {

  /**
   * @return the full expression this shorthand stands for
   */
  Expr toExpression();

  /** @return whether this tree holds an {@link Equals} term (ours, not representable in Rust's form) */
  boolean hasEquals();

  /** A name: {@code (= subject.NAME "true")}. @param name the attribute name */
  record Name(String name) implements BooleanExpr {
    /** @param name the attribute name */
    public Name {
      Objects.requireNonNull(name, "name");
    }

    @Override
    public Expr toExpression() {
      return Expr.apply(Expr.ident("="), Expr.ident("subject." + name), Expr.str("true"));
    }

    @Override
    public boolean hasEquals() {
      return false;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /**
   * {@code name = "value"} (ours): {@code (= subject.NAME "VALUE")}.
   *
   * @param name the attribute name
   * @param value the value the attribute must have
   */
  record Equals(String name, String value) implements BooleanExpr {
    /**
     * Checks that neither part is null.
     *
     * @param name the attribute name
     * @param value the value the attribute must have
     */
    public Equals {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }

    @Override
    public Expr toExpression() {
      return Expr.apply(Expr.ident("="), Expr.ident("subject." + name), Expr.str(value));
    }

    @Override
    public boolean hasEquals() {
      return true;
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder(name).append(" = ");
      Display.quote(sb, value);
      return sb.toString();
    }
  }

  /**
   * {@code left or right}: true when either side is.
   *
   * @param left the left side
   * @param right the right side
   */
  record Or(BooleanExpr left, BooleanExpr right) implements BooleanExpr {
    @Override
    public Expr toExpression() {
      return Expr.apply(Expr.ident("or"), left.toExpression(), right.toExpression());
    }

    @Override
    public boolean hasEquals() {
      return left.hasEquals() || right.hasEquals();
    }

    @Override
    public String toString() {
      return nested(left) + " or " + nested(right);
    }
  }

  /**
   * {@code left and right}: true when both sides are.
   *
   * @param left the left side
   * @param right the right side
   */
  record And(BooleanExpr left, BooleanExpr right) implements BooleanExpr {
    @Override
    public Expr toExpression() {
      return Expr.apply(Expr.ident("and"), left.toExpression(), right.toExpression());
    }

    @Override
    public boolean hasEquals() {
      return left.hasEquals() || right.hasEquals();
    }

    @Override
    public String toString() {
      return nested(left) + " and " + nested(right);
    }
  }

  /** {@code not inner}. @param inner the negated expression */
  record Not(BooleanExpr inner) implements BooleanExpr {
    @Override
    public Expr toExpression() {
      return Expr.apply(Expr.ident("not"), inner.toExpression());
    }

    @Override
    public boolean hasEquals() {
      return inner.hasEquals();
    }

    @Override
    public String toString() {
      return "not " + nested(inner);
    }
  }

  /** The empty expression (displays as nothing, means unit). */
  record Empty() implements BooleanExpr {
    @Override
    public Expr toExpression() {
      return Expr.UNIT;
    }

    @Override
    public boolean hasEquals() {
      return false;
    }

    @Override
    public String toString() {
      return "";
    }
  }

  /**
   * Rust's nested display: a compound sub-expression in parentheses, its own operands in their plain
   * display form.
   */
  private static String nested(BooleanExpr e) {
    if (e instanceof Or o) {
      return "(" + o.left() + " or " + o.right() + ")";
    }
    if (e instanceof And a) {
      return "(" + a.left() + " and " + a.right() + ")";
    }
    if (e instanceof Not n) {
      return "(not " + n.inner() + ")";
    }
    return e.toString();
  }
}
