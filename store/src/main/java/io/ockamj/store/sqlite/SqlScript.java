package io.ockamj.store.sqlite;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Splits a SQL script into single statements, because the SQLite JDBC driver runs only the first
 * statement of a multi-statement string.
 * <p>
 * Understands {@code '...'}, {@code "..."}, {@code `...`} and {@code [...]} quoting, {@code --} and
 * {@code /* *\/} comments (which are dropped), and {@code CREATE TRIGGER ... BEGIN ... END;} bodies,
 * whose inner semicolons do not end the statement. Limitation: inside a trigger body, a statement
 * that itself ends with the word {@code END} (such as a {@code CASE ... END}) directly before its
 * semicolon ends the trigger early.
 */
final class SqlScript {

  private static final Pattern TRIGGER =
      Pattern.compile("^CREATE\\s+(TEMP\\s+|TEMPORARY\\s+)?TRIGGER\\b.*\\bBEGIN\\b.*", Pattern.DOTALL);

  private SqlScript() {
  }

  static List<String> split(String script) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int n = script.length();
    int i = 0;
    while (i < n) {
      char c = script.charAt(i);
      if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
        int end = script.indexOf('\n', i);
        i = end < 0 ? n : end;
        current.append(' ');
      } else if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
        int end = script.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
        current.append(' ');
      } else if (c == '\'' || c == '"' || c == '`' || c == '[') {
        char close = c == '[' ? ']' : c;
        int j = i + 1;
        while (j < n) {
          if (script.charAt(j) == close) {
            // a doubled quote is an escaped quote (not for [...])
            if (close != ']' && j + 1 < n && script.charAt(j + 1) == close) {
              j += 2;
              continue;
            }
            break;
          }
          j++;
        }
        int end = Math.min(j + 1, n);
        current.append(script, i, end);
        i = end;
      } else if (c == ';') {
        if (insideTriggerBody(current)) {
          current.append(c);
        } else {
          add(statements, current);
        }
        i++;
      } else {
        current.append(c);
        i++;
      }
    }
    add(statements, current);
    return statements;
  }

  private static boolean insideTriggerBody(StringBuilder current) {
    String text = current.toString().strip().toUpperCase(Locale.ROOT);
    if (!TRIGGER.matcher(text).matches()) {
      return false;
    }
    if (!text.endsWith("END")) {
      return true;
    }
    int before = text.length() - 4;
    return before >= 0 && (Character.isLetterOrDigit(text.charAt(before)) || text.charAt(before) == '_');
  }

  private static void add(List<String> statements, StringBuilder current) {
    String statement = current.toString().strip();
    if (!statement.isEmpty()) {
      statements.add(statement);
    }
    current.setLength(0);
  }
}
