package io.ockamj.policy;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Comparison of evaluated values by value (see the package documentation for how this differs
 * from Rust): numbers compare numerically across integers, floats and numeric strings; the strings
 * {@code "true"}/{@code "false"} compare with booleans; sequences compare element by element (for
 * ordering: length first). Anything else of different types is a type mismatch. No recursion.
 */
final class Values {

  private Values() {
  }

  /**
   * @return whether the two values are equal
   * @throws EvalException on a type mismatch
   */
  static boolean equal(Expr a, Expr b) {
    return compareOrEqual(a, b, true) == 0;
  }

  /**
   * @return negative, zero or positive
   * @throws EvalException on a type mismatch or values without an order
   */
  static int compare(Expr a, Expr b) {
    return compareOrEqual(a, b, false);
  }

  /** For equality returns 0 when equal and 1 otherwise; for ordering, the order. */
  private static int compareOrEqual(Expr a, Expr b, boolean equality) {
    Deque<Expr[]> todo = new ArrayDeque<>();
    todo.push(new Expr[] {a, b});
    while (!todo.isEmpty()) {
      Expr[] p = todo.pop();
      Expr x = p[0];
      Expr y = p[1];
      if (x instanceof Expr.Seq sx && y instanceof Expr.Seq sy) {
        List<Expr> xs = sx.items();
        List<Expr> ys = sy.items();
        if (xs.size() != ys.size()) {
          return equality ? 1 : Integer.compare(xs.size(), ys.size());
        }
        for (int i = xs.size() - 1; i >= 0; i--) {
          todo.push(new Expr[] {xs.get(i), ys.get(i)});
        }
        continue;
      }
      int c = scalar(x, y, equality);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static int scalar(Expr x, Expr y, boolean equality) {
    if (x instanceof Expr.Str s && y instanceof Expr.Str t) {
      int c = s.value().compareTo(t.value());
      return equality ? (c == 0 ? 0 : 1) : c;
    }
    if (x instanceof Expr.Bool || y instanceof Expr.Bool) {
      Boolean bx = bool(x);
      Boolean by = bool(y);
      if (bx == null || by == null) {
        throw EvalException.mismatch(x, y);
      }
      return equality ? (bx.equals(by) ? 0 : 1) : Boolean.compare(bx, by);
    }
    if (isNumber(x) || isNumber(y)) {
      if (x instanceof Expr.Int i && y instanceof Expr.Int j) {
        return equality ? (i.value() == j.value() ? 0 : 1) : Long.compare(i.value(), j.value());
      }
      Double dx = number(x);
      Double dy = number(y);
      if (dx == null || dy == null) {
        throw EvalException.mismatch(x, y);
      }
      if (dx.isNaN() || dy.isNaN()) {
        if (equality) {
          return 1;
        }
        throw EvalException.invalidType(dx.isNaN() ? x : y, "nan has no order");
      }
      int c = exact(x, dx).compareTo(exact(y, dy));
      return equality ? (c == 0 ? 0 : 1) : c;
    }
    if (x instanceof Expr.Apply ax && y instanceof Expr.Apply ay && ax.items().isEmpty() && ay.items().isEmpty()) {
      return 0;
    }
    throw EvalException.mismatch(x, y);
  }

  private static boolean isNumber(Expr e) {
    return e instanceof Expr.Int || e instanceof Expr.Float;
  }

  private static Boolean bool(Expr e) {
    if (e instanceof Expr.Bool b) {
      return b.value();
    }
    if (e instanceof Expr.Str s) {
      return switch (s.value()) {
        case "true" -> Boolean.TRUE;
        case "false" -> Boolean.FALSE;
        default -> null;
      };
    }
    return null;
  }

  private static Double number(Expr e) {
    if (e instanceof Expr.Int i) {
      return (double) i.value();
    }
    if (e instanceof Expr.Float f) {
      return f.value();
    }
    return e instanceof Expr.Str s ? parseNumber(s.value()) : null;
  }

  private static Double parseNumber(String s) {
    if (s.isEmpty() || s.length() > 64 || !s.matches("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?")) {
      return null;
    }
    return Double.parseDouble(s);
  }

  /** Exact decimal value for comparing (longs beyond 2^53 and doubles without rounding). */
  private static BigDecimal exact(Expr e, double d) {
    if (e instanceof Expr.Int i) {
      return BigDecimal.valueOf(i.value());
    }
    if (e instanceof Expr.Str s && Double.isFinite(d)) {
      return new BigDecimal(s.value().startsWith("+") ? s.value().substring(1) : s.value());
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? BigDecimal.valueOf(Double.MAX_VALUE).multiply(BigDecimal.TEN) : BigDecimal.valueOf(-Double.MAX_VALUE).multiply(BigDecimal.TEN);
    }
    return new BigDecimal(d);
  }
}
