package io.ockamj.policy;

import io.ockamj.policy.PolicyParseException.Reason;

/**
 * Parses the boolean shorthand ({@link BooleanExpr}) as Rust's {@code boolean_expr.rs} does:
 * <pre>
 * expr     := and_expr ("or" and_expr)*        (folded to the left)
 * and_expr := not_expr ("and" not_expr)*
 * not_expr := "not" not_expr | "(" expr ")" | term
 * term     := name | name "=" value             (the second form is ours)
 * name     := [A-Za-z_-][A-Za-z0-9._-]*
 * </pre>
 * Keywords and parentheses may be surrounded by whitespace; a name may not be preceded by any.
 * Unlike Rust, a keyword counts only at a word boundary ({@code notable} is a name, see the
 * package documentation). Errors carry Rust's messages: {@code expected `…`} when nothing parses,
 * {@code successfully parsed: `…`, but `…` cannot be parsed} when input remains.
 * <p>
 * Inputs are bounded by {@link ExprParser#MAX_LENGTH} characters, {@link #MAX_NESTING} levels of
 * parentheses and {@code not}, and {@link #MAX_TERMS} terms.
 */
public final class BooleanParser {

  /** Rust's description of a name. */
  public static final String NAME_FORMAT =
    "an alphanumerical name, separated with '.', '-' or '_'. The first character cannot be a digit or a '.'";
  /** The deepest nesting of parentheses and {@code not} accepted. */
  public static final int MAX_NESTING = 64;
  /** The most terms (names) accepted. */
  public static final int MAX_TERMS = 512;

  private final String s;
  private int pos;
  private int depth;
  private int terms;

  private BooleanParser(String s) {
    this.s = s;
  }

  /**
   * Parses a whole input.
   *
   * @param input the text
   * @return the expression (possibly holding {@link BooleanExpr.Equals} terms)
   * @throws PolicyParseException with reason {@code SHORTHAND}, {@code TOO_LONG} or {@code TOO_DEEP}
   */
  public static BooleanExpr parse(String input) {
    if (input.length() > ExprParser.MAX_LENGTH) {
      throw new PolicyParseException(Reason.TOO_LONG,
        "the expression is " + input.length() + " characters long, more than " + ExprParser.MAX_LENGTH);
    }
    BooleanParser p = new BooleanParser(input);
    BooleanExpr e = p.expr();
    if (e == null) {
      throw new PolicyParseException(Reason.SHORTHAND, "expected `" + NAME_FORMAT + "`");
    }
    if (p.pos < input.length()) {
      throw new PolicyParseException(Reason.SHORTHAND,
        "successfully parsed: `" + e + "`, but `" + input.substring(p.pos) + "` cannot be parsed");
    }
    return e;
  }

  /**
   * Parses a name only (Rust's {@code parsers::name}), for tests and completion.
   *
   * @param input the text
   * @return the name, which may be followed by unparsed input
   * @throws PolicyParseException if the input does not start with a name
   */
  public static BooleanExpr.Name parseName(String input) {
    BooleanParser p = new BooleanParser(input);
    String n = p.name();
    if (n == null) {
      throw new PolicyParseException(Reason.SHORTHAND, "expected `" + NAME_FORMAT + "`");
    }
    return new BooleanExpr.Name(n);
  }

  private BooleanExpr expr() {
    BooleanExpr left = andExpr();
    if (left == null) {
      return null;
    }
    while (true) {
      int mark = pos;
      if (!keyword("or")) {
        return left;
      }
      BooleanExpr right = andExpr();
      if (right == null) {
        pos = mark;
        return left;
      }
      left = new BooleanExpr.Or(left, right);
    }
  }

  private BooleanExpr andExpr() {
    BooleanExpr left = notExpr();
    if (left == null) {
      return null;
    }
    while (true) {
      int mark = pos;
      if (!keyword("and")) {
        return left;
      }
      BooleanExpr right = notExpr();
      if (right == null) {
        pos = mark;
        return left;
      }
      left = new BooleanExpr.And(left, right);
    }
  }

  private BooleanExpr notExpr() {
    if (++depth > MAX_NESTING) {
      throw new PolicyParseException(Reason.TOO_DEEP, "the expression nests deeper than " + MAX_NESTING + " levels");
    }
    try {
      int mark = pos;
      if (keyword("not")) {
        BooleanExpr inner = notExpr();
        if (inner != null) {
          return new BooleanExpr.Not(inner);
        }
        pos = mark;
      }
      if (punct('(')) {
        BooleanExpr inner = expr();
        if (inner != null && punct(')')) {
          return inner;
        }
        pos = mark;
      }
      return term();
    } finally {
      depth--;
    }
  }

  private BooleanExpr term() {
    String n = name();
    if (n == null) {
      return null;
    }
    if (++terms > MAX_TERMS) {
      throw new PolicyParseException(Reason.TOO_DEEP, "the expression has more than " + MAX_TERMS + " names");
    }
    int mark = pos;
    skipSpace();
    if (pos < s.length() && s.charAt(pos) == '=') {
      pos++;
      skipSpace();
      String v = value();
      if (v != null) {
        return new BooleanExpr.Equals(n, v);
      }
    }
    pos = mark;
    return new BooleanExpr.Name(n);
  }

  private String value() {
    if (pos < s.length() && s.charAt(pos) == '"') {
      StringBuilder sb = new StringBuilder();
      int i = pos + 1;
      while (i < s.length()) {
        char c = s.charAt(i);
        if (c == '"') {
          pos = i + 1;
          return sb.toString();
        }
        if (c == '\\' && i + 1 < s.length() && (s.charAt(i + 1) == '"' || s.charAt(i + 1) == '\\')) {
          sb.append(s.charAt(i + 1));
          i += 2;
        } else if (c < 0x20) {
          return null;
        } else {
          sb.append(c);
          i++;
        }
      }
      return null;
    }
    int start = pos;
    while (pos < s.length() && isNameChar(s.charAt(pos))) {
      pos++;
    }
    return pos > start ? s.substring(start, pos) : null;
  }

  private String name() {
    int start = pos;
    if (pos >= s.length()) {
      return null;
    }
    char c = s.charAt(pos);
    if (!(isAsciiLetter(c) || c == '_' || c == '-')) {
      return null;
    }
    pos++;
    while (pos < s.length() && isNameChar(s.charAt(pos))) {
      pos++;
    }
    return s.substring(start, pos);
  }

  private static boolean isNameChar(char c) {
    return isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /** Whitespace, the keyword, whitespace; the keyword must not continue as a name (our fix). */
  private boolean keyword(String k) {
    int mark = pos;
    skipSpace();
    if (s.startsWith(k, pos) && (pos + k.length() == s.length() || !isNameChar(s.charAt(pos + k.length())))) {
      pos += k.length();
      skipSpace();
      return true;
    }
    pos = mark;
    return false;
  }

  private boolean punct(char c) {
    int mark = pos;
    skipSpace();
    if (pos < s.length() && s.charAt(pos) == c) {
      pos++;
      skipSpace();
      return true;
    }
    pos = mark;
    return false;
  }

  private void skipSpace() {
    while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
      pos++;
    }
  }
}
