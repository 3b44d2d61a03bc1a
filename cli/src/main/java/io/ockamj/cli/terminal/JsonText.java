package io.ockamj.cli.terminal;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON text as Rust's {@code serde_json} writes it, so scripts written against Rust {@code ockam}
 * see the same bytes: pretty form with two-space indentation, {@code "key": value}, an empty array
 * as {@code []} and an empty object as {@code {}}; compact form without any space. Non-ASCII
 * characters are written as they are; {@code "}, {@code \} and control characters are escaped.
 *
 * <p>Values are Vert.x {@link JsonObject}/{@link JsonArray}, {@link Map}s (string keys, in their
 * iteration order), {@link Collection}s, strings, numbers, booleans and {@code null}; anything else
 * is written as its {@code toString()} string.
 */
public final class JsonText {

  private JsonText() {
  }

  /**
   * The value as pretty-printed JSON.
   *
   * @param value the value
   * @return the text, without a trailing newline
   */
  public static String pretty(Object value) {
    StringBuilder b = new StringBuilder();
    write(b, value, 0, true);
    return b.toString();
  }

  /**
   * The value as compact JSON.
   *
   * @param value the value
   * @return the text
   */
  public static String compact(Object value) {
    StringBuilder b = new StringBuilder();
    write(b, value, 0, false);
    return b.toString();
  }

  @SuppressWarnings("unchecked")
  private static void write(StringBuilder b, Object v, int depth, boolean pretty) {
    if (v instanceof JsonObject) {
      v = ((JsonObject) v).getMap();
    } else if (v instanceof JsonArray) {
      v = ((JsonArray) v).getList();
    }
    if (v == null) {
      b.append("null");
    } else if (v instanceof Map) {
      Map<Object, Object> m = (Map<Object, Object>) v;
      if (m.isEmpty()) {
        b.append("{}");
        return;
      }
      b.append('{');
      Iterator<Map.Entry<Object, Object>> it = m.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<Object, Object> e = it.next();
        newline(b, depth + 1, pretty);
        string(b, String.valueOf(e.getKey()));
        b.append(pretty ? ": " : ":");
        write(b, e.getValue(), depth + 1, pretty);
        if (it.hasNext()) {
          b.append(',');
        }
      }
      newline(b, depth, pretty);
      b.append('}');
    } else if (v instanceof Collection || v instanceof Object[]) {
      Collection<Object> c = v instanceof Object[] ? java.util.Arrays.asList((Object[]) v) : (Collection<Object>) v;
      if (c.isEmpty()) {
        b.append("[]");
        return;
      }
      b.append('[');
      Iterator<Object> it = c.iterator();
      while (it.hasNext()) {
        newline(b, depth + 1, pretty);
        write(b, it.next(), depth + 1, pretty);
        if (it.hasNext()) {
          b.append(',');
        }
      }
      newline(b, depth, pretty);
      b.append(']');
    } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
      || v instanceof BigInteger) {
      b.append(v);
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        b.append("null"); // as serde_json
      } else if (d == Math.rint(d) && Math.abs(d) < 1e16) {
        b.append((long) d).append(".0");
      } else {
        b.append(v instanceof Float ? Float.toString((Float) v) : Double.toString(d));
      }
    } else if (v instanceof BigDecimal) {
      b.append(((BigDecimal) v).toPlainString());
    } else if (v instanceof Number) {
      b.append(v);
    } else {
      string(b, v.toString());
    }
  }

  private static void newline(StringBuilder b, int depth, boolean pretty) {
    if (pretty) {
      b.append('\n');
      for (int i = 0; i < depth; i++) {
        b.append("  ");
      }
    }
  }

  private static void string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
