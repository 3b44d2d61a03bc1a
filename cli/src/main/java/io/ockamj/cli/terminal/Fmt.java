package io.ockamj.cli.terminal;

import java.util.List;

/**
 * The shapes of Rust {@code ockam}'s plain text (ockam_api's {@code fmt_ok!}, {@code fmt_log!},
 * {@code fmt_info!}, {@code fmt_warn!}, {@code fmt_heading!} and the terminal's {@code build_list}),
 * without colours: a result line starts with two spaces and an icon, a detail line with four spaces,
 * and each line of a list item with a bar.
 */
public final class Fmt {

  /** The indentation of a detail line (Rust's {@code PADDING}). */
  public static final String PADDING = "    ";

  /** One level of nesting inside a detail (Rust's {@code INDENTATION}). */
  public static final String INDENTATION = "  ";

  private static final String ICON_PADDING = "  ";

  private Fmt() {
  }

  /**
   * @param text what was done
   * @return {@code "  ✔ text"}
   */
  public static String ok(String text) {
    return ICON_PADDING + "✔ " + text;
  }

  /**
   * @param text a detail
   * @return {@code "    text"}
   */
  public static String log(String text) {
    return PADDING + text;
  }

  /**
   * @param text a notice, e.g. that a list is empty
   * @return {@code "  > text"}
   */
  public static String info(String text) {
    return ICON_PADDING + "> " + text;
  }

  /**
   * @param text what failed (Rust's {@code fmt_err!})
   * @return {@code "  ✗ text"}
   */
  public static String err(String text) {
    return ICON_PADDING + "✗ " + text;
  }

  /**
   * @param text a warning
   * @return {@code "  ! text"}
   */
  public static String warn(String text) {
    return ICON_PADDING + "! " + text;
  }

  /**
   * @param title a section's title
   * @return a blank line, the padded title and a rule under it
   */
  public static String heading(String title) {
    return "\n" + PADDING + title + "\n" + PADDING + "─".repeat(40);
  }

  /**
   * Rust's list of items: each line of each item after {@code "  │ "}, a blank line between items;
   * {@link #info} of {@code empty} when there are none.
   *
   * @param items the items' texts (each may span lines; a leading {@link #PADDING} on a line is dropped, as Rust does)
   * @param empty what to say when there are no items
   * @return the text
   */
  public static String list(List<String> items, String empty) {
    if (items.isEmpty()) {
      return info(empty);
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        b.append('\n');
      }
      for (String line : items.get(i).split("\n", -1)) {
        String l = line.startsWith(PADDING) ? line.substring(PADDING.length()) : line;
        b.append(ICON_PADDING).append("│ ").append(l).append('\n');
      }
    }
    return b.toString();
  }
}
