package io.ockamj.policy;

import io.ockamj.policy.EvalException.Reason;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Evaluates expressions (Rust's {@code eval.rs}) with explicit stacks, so that the depth of an
 * expression never reaches the native stack.
 * <p>
 * Operators: {@code and}/{@code or} (short-circuit, boolean arguments; {@code (and)} is true,
 * {@code (or)} false), {@code not}, {@code if}, {@code =} (all adjacent pairs equal), {@code !=},
 * {@code <}/{@code >} (strict chains), {@code member?}, {@code exists?} (every identifier bound).
 * Values are compared by value, which differs from Rust (see the package documentation): the strings
 * {@code "true"}/{@code "false"} equal the booleans, and a numeric string compares with a number.
 */
public final class Evaluator {

  private Evaluator() {
  }

  private enum Kind { AND, OR, NOT, IF, EQ, LT, GT, MEMBER, SEQ }

  private record Op(Kind kind, int n) {
  }

  /**
   * @param expr the expression
   * @param env the values of identifiers, e.g. {@code subject.role}
   * @return the value
   * @throws EvalException if it cannot be evaluated
   */
  public static Expr eval(Expr expr, Map<String, Expr> env) {
    Deque<Object> ctrl = new ArrayDeque<>();
    Deque<Expr> args = new ArrayDeque<>();
    ctrl.push(expr);
    while (!ctrl.isEmpty()) {
      Object top = ctrl.pop();
      if (top instanceof Op op) {
        step(op, ctrl, args);
        continue;
      }
      Expr e = (Expr) top;
      if (e instanceof Expr.Ident id) {
        Expr v = env.get(id.name());
        if (v == null) {
          throw EvalException.unbound(id.name());
        }
        args.push(v);
      } else if (e instanceof Expr.Seq seq) {
        ctrl.push(new Op(Kind.SEQ, seq.items().size()));
        for (int i = seq.items().size() - 1; i >= 0; i--) {
          ctrl.push(seq.items().get(i));
        }
      } else if (e instanceof Expr.Apply app) {
        apply(app, env, ctrl, args);
      } else {
        args.push(e);
      }
    }
    if (args.size() != 1) {
      throw EvalException.malformed("evaluation left " + args.size() + " values");
    }
    return args.pop();
  }

  /**
   * @param expr the expression
   * @param env the environment
   * @return whether it evaluates to {@code true}; an error or a non-boolean result is a denial
   */
  public static boolean isAllowed(Expr expr, Map<String, Expr> env) {
    try {
      return eval(expr, env) instanceof Expr.Bool b && b.value();
    } catch (EvalException e) {
      return false;
    }
  }

  private static void apply(Expr.Apply app, Map<String, Expr> env, Deque<Object> ctrl, Deque<Expr> args) {
    List<Expr> xs = app.items();
    if (xs.isEmpty()) {
      args.push(Expr.UNIT);
      return;
    }
    if (!(xs.get(0) instanceof Expr.Ident id)) {
      throw EvalException.invalidType(xs.get(0), "expected (op ...)");
    }
    int nargs = xs.size() - 1;
    switch (id.name()) {
      case "and", "or" -> {
        boolean and = id.name().equals("and");
        if (nargs == 0) {
          args.push(new Expr.Bool(and));
          return;
        }
        for (int i = xs.size() - 1; i >= 2; i--) {
          ctrl.push(xs.get(i));
        }
        ctrl.push(new Op(and ? Kind.AND : Kind.OR, nargs - 1));
        ctrl.push(xs.get(1));
        return;
      }
      case "not" -> {
        if (nargs != 1) {
          throw EvalException.malformed("'not' requires one argument");
        }
        ctrl.push(new Op(Kind.NOT, 1));
      }
      case "if" -> {
        if (nargs != 3) {
          throw EvalException.malformed("'if' requires three arguments");
        }
        ctrl.push(xs.get(3));
        ctrl.push(xs.get(2));
        ctrl.push(new Op(Kind.IF, 0));
        ctrl.push(xs.get(1));
        return;
      }
      case "<", ">", "=" -> {
        if (nargs < 2) {
          throw EvalException.malformed("'" + id.name() + "' requires at least two arguments");
        }
        ctrl.push(new Op(id.name().equals("=") ? Kind.EQ : id.name().equals("<") ? Kind.LT : Kind.GT, nargs));
      }
      case "!=" -> {
        ctrl.push(new Op(Kind.NOT, 1));
        ctrl.push(new Op(Kind.EQ, nargs));
      }
      case "member?" -> {
        if (nargs != 2) {
          throw EvalException.malformed("'member?' requires two arguments");
        }
        ctrl.push(new Op(Kind.MEMBER, 2));
      }
      case "exists?" -> {
        boolean all = true;
        for (Expr x : xs.subList(1, xs.size())) {
          if (!(x instanceof Expr.Ident name)) {
            throw EvalException.invalidType(x, "'exists?' expects identifiers as arguments");
          }
          if (all && !env.containsKey(name.name())) {
            all = false;
          }
        }
        args.push(new Expr.Bool(all));
        return;
      }
      default -> throw new EvalException(Reason.UNKNOWN, "unknown operator: " + id.name());
    }
    for (int i = xs.size() - 1; i >= 1; i--) {
      ctrl.push(xs.get(i));
    }
  }

  private static void step(Op op, Deque<Object> ctrl, Deque<Expr> args) {
    switch (op.kind()) {
      case AND, OR -> {
        boolean and = op.kind() == Kind.AND;
        Expr v = args.pop();
        if (!(v instanceof Expr.Bool b)) {
          throw EvalException.invalidType(v, "'" + (and ? "and" : "or") + "' expects boolean arguments");
        }
        if (op.n() == 0 || b.value() != and) {
          for (int i = 0; i < op.n(); i++) {
            ctrl.pop();
          }
          args.push(b);
        } else {
          Object next = ctrl.pop();
          ctrl.push(new Op(op.kind(), op.n() - 1));
          ctrl.push(next);
        }
      }
      case NOT -> {
        Expr v = args.pop();
        if (!(v instanceof Expr.Bool b)) {
          throw EvalException.invalidType(v, "'not' expects boolean arguments");
        }
        args.push(new Expr.Bool(!b.value()));
      }
      case IF -> {
        Object t = ctrl.pop();
        Object f = ctrl.pop();
        Expr v = args.pop();
        if (!(v instanceof Expr.Bool b)) {
          throw EvalException.invalidType(v, "'if' expects test to evaluate to bool");
        }
        ctrl.push(b.value() ? t : f);
      }
      case EQ, LT, GT -> {
        List<Expr> vs = popN(args, op.n());
        boolean result = true;
        for (int i = 0; i + 1 < vs.size(); i++) {
          boolean ok = switch (op.kind()) {
            case EQ -> Values.equal(vs.get(i), vs.get(i + 1));
            case LT -> Values.compare(vs.get(i), vs.get(i + 1)) < 0;
            default -> Values.compare(vs.get(i), vs.get(i + 1)) > 0;
          };
          if (!ok) {
            result = false;
            break;
          }
        }
        args.push(new Expr.Bool(result));
      }
      case MEMBER -> {
        List<Expr> vs = popN(args, 2);
        if (!(vs.get(1) instanceof Expr.Seq seq)) {
          throw EvalException.invalidType(vs.get(1), "'member?' expects sequence as second argument");
        }
        boolean found = false;
        for (Expr y : seq.items()) {
          try {
            if (Values.equal(vs.get(0), y)) {
              found = true;
              break;
            }
          } catch (EvalException mismatch) {
            // a value of another type is not a member
          }
        }
        args.push(new Expr.Bool(found));
      }
      case SEQ -> args.push(new Expr.Seq(popN(args, op.n())));
    }
  }

  /** Pops n values, returning them in evaluation order. */
  private static List<Expr> popN(Deque<Expr> args, int n) {
    List<Expr> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(args.pop());
    }
    java.util.Collections.reverse(out);
    return out;
  }
}
