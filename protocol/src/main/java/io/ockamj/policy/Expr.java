package io.ockamj.policy;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * A value or expression of the policy language (Rust's {@code Expr}): strings, integers, floats,
 * booleans, identifiers, literal sequences {@code [a b]} and applications {@code (op a b)}.
 * <p>
 * Composite expressions compute their hash when built and compare without recursion, so that deeply
 * nested expressions (the parser admits {@link ExprParser#MAX_DEPTH} levels) never exhaust the stack.
 * Each implementation's {@code toString()} is the display form, which {@link ExprParser#parse} reads back.
 */
public sealed interface Expr permits Expr.Str, Expr.Int, Expr.Float, Expr.Bool, Expr.Ident, Expr.Composite {

  /** @return the CBOR variant index (Str 1, Int 2, Float 3, Bool 4, Ident 5, Seq 6, List 7) */
  int index();

  // Expr has no default methods: an interface that has them is initialized before each of its
  // implementations, and this initializer makes an Apply, so two threads that first used Expr and
  // Apply at once would each wait for the other's class initialization for good.

  /** The unit value {@code ()}. */
  Apply UNIT = new Apply(List.of());

  /** A string. @param value the string */
  record Str(String value) implements Expr {
    /** @param value the string, not null */
    public Str {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public int index() {
      return 1;
    }

    @Override
    public String toString() {
      return Display.of(this);
    }
  }

  /** A 64-bit integer. @param value the integer */
  record Int(long value) implements Expr {
    @Override
    public int index() {
      return 2;
    }

    @Override
    public String toString() {
      return Long.toString(value);
    }
  }

  /** A 64-bit float. @param value the float */
  record Float(double value) implements Expr {
    @Override
    public int index() {
      return 3;
    }

    @Override
    public String toString() {
      return Display.of(this);
    }
  }

  /** A boolean. @param value the boolean */
  record Bool(boolean value) implements Expr {
    @Override
    public int index() {
      return 4;
    }

    @Override
    public String toString() {
      return Boolean.toString(value);
    }
  }

  /** An identifier: an operator or a name looked up in the environment. @param name the name */
  record Ident(String name) implements Expr {
    /** @param name the name, not null */
    public Ident {
      Objects.requireNonNull(name, "name");
    }

    @Override
    public int index() {
      return 5;
    }

    /**
     * @return the name; one that would read back as something else ({@code $x}, {@code true},
     *     {@code inf}, …) is written with a {@code $} prefix, which parses back to it
     */
    @Override
    public String toString() {
      return ExprParser.readsAsIdent(name) ? name : "$" + name;
    }
  }

  /** Base of the two composite kinds: an immutable list of expressions with a precomputed hash. */
  abstract sealed class Composite implements Expr permits Seq, Apply {
    private final List<Expr> items;
    private final int hash;

    Composite(List<Expr> items) {
      this.items = List.copyOf(items);
      int h = index();
      for (Expr e : this.items) {
        h = 31 * h + e.hashCode();
      }
      this.hash = h;
    }

    /** @return the elements */
    public List<Expr> items() {
      return items;
    }

    @Override
    public final int hashCode() {
      return hash;
    }

    @Override
    public final boolean equals(Object o) {
      return o instanceof Expr e && sameStructure(this, e);
    }

    @Override
    public final String toString() {
      return Display.of(this);
    }
  }

  /** A literal sequence {@code [a b c]}. */
  final class Seq extends Composite {
    /** @param items the elements */
    public Seq(List<Expr> items) {
      super(items);
    }

    @Override
    public int index() {
      return 6;
    }
  }

  /** An application {@code (op arg ...)} (Rust's {@code List}); the empty one is unit. */
  final class Apply extends Composite {
    /** @param items the operator and arguments */
    public Apply(List<Expr> items) {
      super(items);
    }

    @Override
    public int index() {
      return 7;
    }
  }

  /**
   * Structural equality without recursion (unlike Rust's {@code ==}, which only checks that no
   * type mismatch occurs).
   *
   * @param a an expression
   * @param b another
   * @return whether they have the same shape and values
   */
  static boolean sameStructure(Expr a, Expr b) {
    Deque<Expr[]> todo = new ArrayDeque<>();
    todo.push(new Expr[] {a, b});
    while (!todo.isEmpty()) {
      Expr[] p = todo.pop();
      Expr x = p[0];
      Expr y = p[1];
      if (x == y) {
        continue;
      }
      if (x.getClass() != y.getClass() || x.hashCode() != y.hashCode()) {
        return false;
      }
      if (x instanceof Composite cx) {
        List<Expr> xs = cx.items();
        List<Expr> ys = ((Composite) y).items();
        if (xs.size() != ys.size()) {
          return false;
        }
        for (int i = 0; i < xs.size(); i++) {
          todo.push(new Expr[] {xs.get(i), ys.get(i)});
        }
      } else if (!x.equals(y)) {
        return false;
      }
    }
    return true;
  }

  /**
   * @param name an identifier
   * @return the identifier expression
   */
  static Ident ident(String name) {
    return new Ident(name);
  }

  /**
   * @param value a string
   * @return the string expression
   */
  static Str str(String value) {
    return new Str(value);
  }

  /**
   * @param items operator and arguments
   * @return the application
   */
  static Apply apply(Expr... items) {
    return new Apply(List.of(items));
  }
}
