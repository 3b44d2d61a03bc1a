package io.ockamj.cli;

import java.util.List;

/** Prints rows as left-aligned columns separated by two spaces. */
final class Table {

  private Table() {
  }

  static void print(List<String[]> rows) {
    System.out.println(format(rows));
  }

  /** The rows as text, one line each, without a trailing newline. */
  static String format(List<String[]> rows) {
    StringBuilder out = new StringBuilder();
    int cols = rows.stream().mapToInt(r -> r.length).max().orElse(0);
    int[] width = new int[cols];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        b.append(r[i]);
        if (i < r.length - 1) {
          b.append(" ".repeat(width[i] - r[i].length() + 2));
        }
      }
      if (out.length() > 0) {
        out.append('\n');
      }
      out.append(b.toString().stripTrailing());
    }
    return out.toString();
  }
}
