package io.ockamj.policy;

import io.ockamj.protocol.cbor.CborReader;
import io.ockamj.protocol.cbor.CborWriter;
import io.ockamj.protocol.errors.DecodeException;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The CBOR forms of {@link Expr} and {@link BooleanExpr} (minicbor enums: {@code [index, [fields]]}).
 * Decoding is bounded: at most {@link #MAX_DEPTH} levels and the reader's item limit.
 */
public final class PolicyCbor {

  /** The deepest expression decoded from CBOR. */
  public static final int MAX_DEPTH = 64;

  private PolicyCbor() {
  }

  /**
   * @param w the writer
   * @param e the expression
   */
  public static void write(CborWriter w, Expr e) {
    w.array(2).u64(e.index()).array(1);
    if (e instanceof Expr.Str s) {
      w.text(s.value());
    } else if (e instanceof Expr.Int i) {
      w.i64(i.value());
    } else if (e instanceof Expr.Float f) {
      w.raw(ByteBuffer.allocate(9).put((byte) 0xfb).putDouble(f.value()).array());
    } else if (e instanceof Expr.Bool b) {
      w.bool(b.value());
    } else if (e instanceof Expr.Ident id) {
      w.text(id.name());
    } else {
      Expr.Composite c = (Expr.Composite) e;
      w.array(c.items().size());
      for (Expr x : c.items()) {
        write(w, x);
      }
    }
  }

  /**
   * @param r the reader, positioned at an expression
   * @return the expression
   * @throws DecodeException if malformed or deeper than {@link #MAX_DEPTH}
   */
  public static Expr readExpr(CborReader r) {
    return readExpr(r, 0);
  }

  private static Expr readExpr(CborReader r, int depth) {
    if (depth > MAX_DEPTH) {
      throw new DecodeException("expression nested deeper than " + MAX_DEPTH);
    }
    if (r.readArrayHeader() != 2) {
      throw new DecodeException("expected [index, [fields]] for an expression");
    }
    int index = (int) r.readU64(7);
    if (r.readArrayHeader() != 1) {
      throw new DecodeException("expected one field in an expression");
    }
    return switch (index) {
      case 1 -> new Expr.Str(r.readText(ExprParser.MAX_LENGTH));
      case 2 -> new Expr.Int(r.readI64());
      case 3 -> new Expr.Float(readFloat(r));
      case 4 -> new Expr.Bool(r.readBool());
      case 5 -> new Expr.Ident(r.readText(ExprParser.MAX_LENGTH));
      case 6, 7 -> {
        int n = r.readArrayHeader();
        if (n > ExprParser.MAX_LENGTH) {
          throw new DecodeException("expression list too long: " + n);
        }
        // n < 0: an indefinite-length array, ended by a break (minicbor accepts both)
        List<Expr> items = new ArrayList<>(n < 0 ? 8 : Math.min(n, 64));
        for (int k = 0; n < 0 ? !r.peekBreak() : k < n; k++) {
          if (k >= ExprParser.MAX_LENGTH) {
            throw new DecodeException("expression list too long");
          }
          items.add(readExpr(r, depth + 1));
        }
        if (n < 0) {
          r.readBreak();
        }
        yield index == 6 ? new Expr.Seq(items) : new Expr.Apply(items);
      }
      default -> throw new DecodeException("unknown expression variant " + index);
    };
  }

  private static double readFloat(CborReader r) {
    if (r.peekMajor() != CborReader.SIMPLE) {
      throw new DecodeException("expected a float");
    }
    byte[] raw = r.readRawItem();
    ByteBuffer b = ByteBuffer.wrap(raw, 1, raw.length - 1);
    return switch (raw[0] & 0xff) {
      case 0xfb -> b.getDouble();
      case 0xfa -> b.getFloat();
      default -> throw new DecodeException("expected a float");
    };
  }

  /**
   * @param w the writer
   * @param e a boolean expression without {@link BooleanExpr.Equals} terms
   * @throws IllegalArgumentException for an {@code Equals} term, which has no CBOR form
   */
  public static void write(CborWriter w, BooleanExpr e) {
    if (e instanceof BooleanExpr.Name n) {
      w.array(2).u64(0).array(1).text(n.name());
    } else if (e instanceof BooleanExpr.Or o) {
      w.array(2).u64(1).array(2);
      write(w, o.left());
      write(w, o.right());
    } else if (e instanceof BooleanExpr.And a) {
      w.array(2).u64(2).array(2);
      write(w, a.left());
      write(w, a.right());
    } else if (e instanceof BooleanExpr.Not n) {
      w.array(2).u64(3).array(1);
      write(w, n.inner());
    } else if (e instanceof BooleanExpr.Empty) {
      w.array(2).u64(4).array(0);
    } else {
      throw new IllegalArgumentException("a name = value term has no CBOR form: " + e);
    }
  }

  /**
   * @param r the reader, positioned at a boolean expression
   * @return the expression
   * @throws DecodeException if malformed or deeper than {@link #MAX_DEPTH}
   */
  public static BooleanExpr readBoolean(CborReader r) {
    return readBoolean(r, 0);
  }

  private static BooleanExpr readBoolean(CborReader r, int depth) {
    if (depth > MAX_DEPTH) {
      throw new DecodeException("boolean expression nested deeper than " + MAX_DEPTH);
    }
    if (r.readArrayHeader() != 2) {
      throw new DecodeException("expected [index, [fields]] for a boolean expression");
    }
    int index = (int) r.readU64(4);
    int fields = r.readArrayHeader();
    int expected = switch (index) {
      case 0, 3 -> 1;
      case 1, 2 -> 2;
      default -> 0;
    };
    if (fields != expected) {
      throw new DecodeException("boolean expression variant " + index + " has " + fields + " fields");
    }
    return switch (index) {
      case 0 -> new BooleanExpr.Name(r.readText(ExprParser.MAX_LENGTH));
      case 1 -> new BooleanExpr.Or(readBoolean(r, depth + 1), readBoolean(r, depth + 1));
      case 2 -> new BooleanExpr.And(readBoolean(r, depth + 1), readBoolean(r, depth + 1));
      case 3 -> new BooleanExpr.Not(readBoolean(r, depth + 1));
      default -> new BooleanExpr.Empty();
    };
  }
}
