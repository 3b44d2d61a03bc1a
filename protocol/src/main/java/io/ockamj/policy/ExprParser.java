package io.ockamj.policy;

import io.ockamj.policy.PolicyParseException.Reason;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses the S-expression syntax of policies (protocol reference §7.1; Rust's {@code parser.rs},
 * which lexes with the WebAssembly-text lexer): whitespace and {@code ;;}/{@code (; ;)} comments,
 * integers (decimal or {@code 0x}, with {@code _} separators), floats ({@code 1.5}, {@code 1e3},
 * {@code inf}, {@code nan}), double-quoted strings with <code>\n \t \r \\ \" \' &#92;u{..} \hh</code>
 * escapes, {@code true}/{@code false}, identifiers, {@code (…)} applications and {@code […]}
 * sequences whose elements all have the same type. Several top-level values are wrapped into one
 * application, which must start with an {@linkplain #OPERATORS operator}.
 * <p>
 * The parser uses explicit stacks (no recursion), and refuses inputs longer than
 * {@link #MAX_LENGTH} characters or nested deeper than {@link #MAX_DEPTH}.
 */
public final class ExprParser {

  /** The longest input accepted, in characters. */
  public static final int MAX_LENGTH = 65_536;
  /** The deepest nesting of brackets accepted. */
  public static final int MAX_DEPTH = 2_048;
  /** The operators an expression may start with, in Rust's order. */
  public static final List<String> OPERATORS = List.of("and", "or", "not", "if", "<", ">", "=", "!=", "member?", "exists?");

  private static final Set<String> OPERATOR_SET = Set.copyOf(OPERATORS);
  private static final Pattern INTEGER = Pattern.compile("[+-]?(0x[0-9a-fA-F](_?[0-9a-fA-F])*|[0-9](_?[0-9])*)");
  private static final Pattern FLOAT = Pattern.compile(
    "[+-]?[0-9](_?[0-9])*(\\.([0-9](_?[0-9])*)?)?([eE][+-]?[0-9](_?[0-9])*)?");
  private static final Pattern SPECIAL_FLOAT = Pattern.compile("[+-]?(inf|nan|nan:0x[0-9a-fA-F](_?[0-9a-fA-F])*)");

  private ExprParser() {
  }

  /**
   * Parses an expression (Rust's {@code Expr::try_from(&str)}).
   *
   * @param input the text
   * @return the expression
   * @throws PolicyParseException if it does not parse, is empty, or does not start with an operator
   */
  public static Expr parse(String input) {
    Expr e = parseOptional(input);
    if (e == null) {
      throw new PolicyParseException(Reason.EMPTY, "empty expression value");
    }
    return e;
  }

  /**
   * Parses an expression, allowing empty input (Rust's {@code parse}).
   *
   * @param input the text
   * @return the expression, or {@code null} for input holding only whitespace and comments
   * @throws PolicyParseException if it does not parse or does not start with an operator
   */
  public static Expr parseOptional(String input) {
    if (input.length() > MAX_LENGTH) {
      throw new PolicyParseException(Reason.TOO_LONG,
        "the expression is " + input.length() + " characters long, more than " + MAX_LENGTH);
    }
    Deque<Frame> frames = new ArrayDeque<>();
    Frame top = new Frame('\0');
    int i = 0;
    int n = input.length();
    while (i < n) {
      char c = input.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        i++;
      } else if (c == ';' && i + 1 < n && input.charAt(i + 1) == ';') {
        while (i < n && input.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '(' && i + 1 < n && input.charAt(i + 1) == ';') {
        i = skipBlockComment(input, i);
      } else if (c == '(' || c == '[') {
        if (frames.size() >= MAX_DEPTH) {
          throw new PolicyParseException(Reason.TOO_DEEP, "the expression nests deeper than " + MAX_DEPTH + " levels");
        }
        frames.push(top);
        top = new Frame(c);
        i++;
      } else if (c == ')' || c == ']') {
        char open = c == ')' ? '(' : '[';
        if (top.open != open) {
          throw new PolicyParseException(Reason.SYNTAX, top.open == '\0'
            ? "'" + c + "' without matching '" + open + "'"
            : "'" + top.open + "' without matching '" + (top.open == '(' ? ')' : ']') + "'");
        }
        Expr done = c == ')' ? new Expr.Apply(top.items) : seq(top.items);
        top = frames.pop();
        top.items.add(done);
        i++;
      } else if (c == '"') {
        i = string(input, i, top.items);
      } else if (c == '{' || c == '}' || c == ',' || c == ';') {
        throw new PolicyParseException(Reason.SYNTAX, "invalid reserved token '" + c + "'");
      } else {
        int start = i;
        while (i < n && isTokenChar(input.charAt(i))) {
          i++;
        }
        top.items.add(token(input.substring(start, i)));
      }
    }
    if (top.open != '\0') {
      throw new PolicyParseException(Reason.SYNTAX, "unclosed '" + top.open + "'");
    }
    List<Expr> vals = top.items;
    Expr e = switch (vals.size()) {
      case 0 -> null;
      case 1 -> vals.get(0);
      default -> new Expr.Apply(vals);
    };
    if (e != null && !isOperation(e)) {
      throw new PolicyParseException(Reason.NOT_AN_OPERATION, "The first identifier of the expression: `" + input
        + "` must be an operation. The available operations are: " + String.join(", ", OPERATORS));
    }
    return e;
  }

  private static final class Frame {
    final char open;
    final List<Expr> items = new ArrayList<>();

    Frame(char open) {
      this.open = open;
    }
  }

  private static boolean isTokenChar(char c) {
    return !(c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '(' || c == ')' || c == '[' || c == ']'
      || c == '"' || c == '{' || c == '}' || c == ',' || c == ';');
  }

  private static int skipBlockComment(String s, int i) {
    int depth = 0;
    int n = s.length();
    while (i < n) {
      if (s.startsWith("(;", i)) {
        depth++;
        i += 2;
      } else if (s.startsWith(";)", i)) {
        depth--;
        i += 2;
        if (depth == 0) {
          return i;
        }
      } else {
        i++;
      }
    }
    throw new PolicyParseException(Reason.SYNTAX, "unterminated block comment");
  }

  private static Expr seq(List<Expr> items) {
    for (int k = 0; k + 1 < items.size(); k++) {
      Expr a = items.get(k);
      Expr b = items.get(k + 1);
      if (a.index() != b.index()) {
        throw new PolicyParseException(Reason.TYPE_MISMATCH, a + " and " + b + " are not of the same type");
      }
    }
    return new Expr.Seq(items);
  }

  private static Expr token(String t) {
    if (t.equals("true") || t.equals("false")) {
      return new Expr.Bool(t.equals("true"));
    }
    if (INTEGER.matcher(t).matches()) {
      String digits = t.replace("_", "");
      boolean neg = digits.startsWith("-");
      if (digits.startsWith("+") || neg) {
        digits = digits.substring(1);
      }
      int radix = 10;
      if (digits.startsWith("0x")) {
        digits = digits.substring(2);
        radix = 16;
      }
      try {
        return new Expr.Int(Long.parseLong(neg ? "-" + digits : digits, radix));
      } catch (NumberFormatException e) {
        throw new PolicyParseException(Reason.NUMBER, neg ? "number too small to fit in target type"
          : "number too large to fit in target type");
      }
    }
    if (SPECIAL_FLOAT.matcher(t).matches()) {
      boolean neg = t.startsWith("-");
      String body = t.startsWith("+") || neg ? t.substring(1) : t;
      if (body.equals("inf")) {
        return new Expr.Float(neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
      }
      return new Expr.Float(Double.NaN);
    }
    if (FLOAT.matcher(t).matches()) {
      if (t.indexOf('_') >= 0) {
        throw new PolicyParseException(Reason.NUMBER, "invalid float literal");
      }
      return new Expr.Float(Double.parseDouble(t));
    }
    if (t.startsWith("$")) {
      String id = t.substring(1);
      if (isIdent(id)) {
        return new Expr.Ident(id);
      }
      throw new PolicyParseException(Reason.SYNTAX, "invalid identifier '" + t + "'");
    }
    if (isIdent(t)) {
      return new Expr.Ident(t);
    }
    char c = t.charAt(0);
    throw new PolicyParseException(Reason.SYNTAX, (c >= 'a' && c <= 'z' ? "invalid keyword token '" : "invalid reserved token '")
      + t + "'");
  }

  /** Whether a name, written as is, parses back as the identifier of that name. */
  static boolean readsAsIdent(String name) {
    if (name.startsWith("$") || !isIdent(name)) {
      return false;
    }
    try {
      return token(name) instanceof Expr.Ident id && id.name().equals(name);
    } catch (PolicyParseException e) {
      return false;
    }
  }

  /**
   * @param s a candidate identifier
   * @return whether it matches Rust's identifier pattern
   *     {@code ^[a-zA-Z!$%&*\/<=>?~_^][a-zA-Z0-9!$%&*\/<=>?~_^.+-@]*$}
   */
  static boolean isIdent(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || "!$%&*/<=>?~_^".indexOf(c) >= 0;
      // the second class holds the range '+'..'@' (digits, + , - . / : ; < = > ? @)
      boolean ok = k == 0 ? letter : letter || (c >= '+' && c <= '@');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static int string(String s, int i, List<Expr> out) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int n = s.length();
    i++;
    while (true) {
      if (i >= n) {
        throw new PolicyParseException(Reason.SYNTAX, "unexpected end-of-file in a string");
      }
      char c = s.charAt(i);
      if (c == '"') {
        i++;
        break;
      }
      if (c == '\\') {
        if (i + 1 >= n) {
          throw new PolicyParseException(Reason.SYNTAX, "unexpected end-of-file in a string");
        }
        char e = s.charAt(i + 1);
        i += 2;
        switch (e) {
          case 'n' -> bytes.write('\n');
          case 't' -> bytes.write('\t');
          case 'r' -> bytes.write('\r');
          case '"', '\'', '\\' -> bytes.write(e);
          case 'u' -> {
            int close = s.indexOf('}', i);
            if (i >= n || s.charAt(i) != '{' || close < 0 || close - i - 1 < 1 || close - i - 1 > 6) {
              throw new PolicyParseException(Reason.SYNTAX, "invalid unicode escape in a string");
            }
            int cp;
            try {
              cp = Integer.parseInt(s.substring(i + 1, close), 16);
            } catch (NumberFormatException x) {
              throw new PolicyParseException(Reason.SYNTAX, "invalid unicode escape in a string");
            }
            if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
              throw new PolicyParseException(Reason.SYNTAX, "invalid unicode scalar value 0x" + Integer.toHexString(cp));
            }
            bytes.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
            i = close + 1;
          }
          default -> {
            if (i < n && hex(e) >= 0 && hex(s.charAt(i)) >= 0) {
              bytes.write(hex(e) * 16 + hex(s.charAt(i)));
              i++;
            } else {
              throw new PolicyParseException(Reason.SYNTAX, "invalid string escape '" + e + "'");
            }
          }
        }
        continue;
      }
      if (c < 0x20 || c == 0x7f) {
        throw new PolicyParseException(Reason.SYNTAX, "invalid character in string '\\u{" + Integer.toHexString(c) + "}'");
      }
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      bytes.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
    }
    try {
      out.add(new Expr.Str(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString()));
    } catch (CharacterCodingException e) {
      throw new PolicyParseException(Reason.SYNTAX, "invalid utf-8 sequence in a string");
    }
    return i;
  }

  private static int hex(char c) {
    return Character.digit(c, 16) >= 0 && c < 128 ? Character.digit(c, 16) : -1;
  }

  /** Rust's {@code is_operation}: an operator, or an application whose first element is one (without recursion). */
  static boolean isOperation(Expr e) {
    Expr x = e;
    for (int guard = 0; guard <= MAX_DEPTH + 1; guard++) {
      if (x instanceof Expr.Ident id) {
        return OPERATOR_SET.contains(id.name());
      }
      if (x instanceof Expr.Apply a && !a.items().isEmpty()) {
        x = a.items().get(0);
      } else {
        return false;
      }
    }
    return false;
  }
}
