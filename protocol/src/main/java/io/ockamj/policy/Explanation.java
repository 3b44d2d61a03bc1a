package io.ockamj.policy;

import java.util.Map;
import java.util.Objects;

/**
 * Why an expression admits or refuses a subject: the verdict, the value (or error) and the
 * sub-expression that decided it. For {@code and} that is the first false argument (or the whole
 * expression when all are true), for {@code or} the first true one, for {@code not} and {@code if}
 * the deciding operand, found again inside it; anything else decides by itself.
 *
 * @param allowed whether the expression evaluates to {@code true}
 * @param value the value, or {@code null} after an error
 * @param error the evaluation error, or {@code null}
 * @param decidedBy the sub-expression that decided
 */
public record Explanation(boolean allowed, Expr value, String error, Expr decidedBy) {

  /** How far the explanation descends into {@code and}/{@code or}/{@code not}/{@code if}. */
  public static final int MAX_DEPTH = 64;

  /**
   * @param allowed the verdict
   * @param value the value
   * @param error the error
   * @param decidedBy the deciding sub-expression
   */
  public Explanation {
    Objects.requireNonNull(decidedBy, "decidedBy");
  }

  /**
   * @param expr the expression
   * @param env the environment
   * @return the explanation
   */
  public static Explanation of(Expr expr, Map<String, Expr> env) {
    Expr value;
    String error = null;
    try {
      value = Evaluator.eval(expr, env);
    } catch (EvalException e) {
      value = null;
      error = e.getMessage();
    }
    boolean allowed = value instanceof Expr.Bool b && b.value();
    return new Explanation(allowed, value, error, decider(expr, env));
  }

  private static Expr decider(Expr expr, Map<String, Expr> env) {
    Expr current = expr;
    for (int depth = 0; depth < MAX_DEPTH; depth++) {
      if (!(current instanceof Expr.Apply app) || app.items().isEmpty() || !(app.items().get(0) instanceof Expr.Ident op)) {
        return current;
      }
      var xs = app.items();
      Expr next = null;
      switch (op.name()) {
        case "and", "or" -> {
          boolean stopOn = !op.name().equals("and");
          for (Expr x : xs.subList(1, xs.size())) {
            Boolean v = boolValue(x, env);
            if (v == null || v == stopOn) {
              next = x;
              break;
            }
          }
        }
        case "not" -> next = xs.size() == 2 ? xs.get(1) : null;
        case "if" -> {
          if (xs.size() == 4) {
            Boolean t = boolValue(xs.get(1), env);
            next = t == null ? xs.get(1) : t ? xs.get(2) : xs.get(3);
          }
        }
        default -> {
          return current;
        }
      }
      if (next == null) {
        return current;
      }
      current = next;
    }
    return current;
  }

  private static Boolean boolValue(Expr e, Map<String, Expr> env) {
    try {
      return Evaluator.eval(e, env) instanceof Expr.Bool b ? b.value() : null;
    } catch (EvalException x) {
      return null;
    }
  }
}
