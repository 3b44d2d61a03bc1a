package io.ockamj.policy;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The display form of expressions (Rust's {@code Display for Expr}), written without recursion.
 */
final class Display {

  private Display() {
  }

  static String of(Expr e) {
    StringBuilder sb = new StringBuilder();
    // a stack of things to print: expressions, or closing brackets as strings
    Deque<Object> todo = new ArrayDeque<>();
    todo.push(e);
    while (!todo.isEmpty()) {
      Object o = todo.pop();
      if (o instanceof String s) {
        sb.append(s);
        continue;
      }
      Expr x = (Expr) o;
      if (x instanceof Expr.Composite c) {
        boolean seq = c instanceof Expr.Seq;
        sb.append(seq ? '[' : '(');
        todo.push(seq ? "]" : ")");
        var items = c.items();
        for (int i = items.size() - 1; i >= 0; i--) {
          todo.push(items.get(i));
          if (i > 0) {
            todo.push(" ");
          }
        }
      } else if (x instanceof Expr.Str s) {
        quote(sb, s.value());
      } else if (x instanceof Expr.Float f) {
        sb.append(number(f.value()));
      } else {
        sb.append(x);
      }
    }
    return sb.toString();
  }

  /** Rust's debug form of a string, except that control characters are always <code>&#92;u{..}</code>. */
  static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      switch (cp) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
            sb.append("\\u{").append(Integer.toHexString(cp)).append('}');
          } else {
            sb.appendCodePoint(cp);
          }
        }
      }
    }
    sb.append('"');
  }

  /** Rust's debug form of an f64: {@code 1.0}, {@code 1e20}, {@code 1e-7}, {@code nan}, {@code +inf}. */
  static String number(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+inf" : "-inf";
    }
    if (d == 0) {
      return (1 / d < 0) ? "-0.0" : "0.0";
    }
    BigDecimal b = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    double abs = Math.abs(d);
    if (abs >= 1e16 || abs < 1e-4) {
      String unscaled = b.unscaledValue().abs().toString();
      int exp = unscaled.length() - 1 - b.scale();
      String mant = unscaled.length() == 1 ? unscaled : unscaled.charAt(0) + "." + unscaled.substring(1);
      return (d < 0 ? "-" : "") + mant + "e" + exp;
    }
    String plain = b.toPlainString();
    return plain.contains(".") ? plain : plain + ".0";
  }
}
