package io.ockamj.cli.terminal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Rust {@code ockam}'s pipe idiom: an argument holding {@code /-} or {@code -/} takes a route from
 * standard input, so the machine output of one command feeds the next:
 * {@code ockam secure-channel create ... | ockam message send hi --to -/service/echo}. One line is
 * read per such argument; its non-empty {@code /}-separated parts replace the {@code -}
 * ({@code /-} becomes {@code /a/b}, {@code -/} becomes {@code /a/b/}), as Rust does.
 */
public final class StdinArgs {

  private StdinArgs() {
  }

  /** Standard input had no line for an argument that asked for one. */
  public static final class NoInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NoInputException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Replaces the placeholders in the arguments.
   *
   * @param args the command line
   * @param stdin standard input
   * @return the arguments with routes read from {@code stdin}
   * @throws NoInputException if standard input ends before a placeholder's line
   */
  public static String[] replace(String[] args, InputStream stdin) {
    BufferedReader in = null;
    String[] out = args.clone();
    for (int i = 0; i < out.length; i++) {
      String a = out[i];
      boolean slashDash = a.contains("/-");
      if (!slashDash && !a.contains("-/")) {
        continue;
      }
      if (in == null) {
        in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
      }
      String line;
      try {
        line = in.readLine();
      } catch (IOException e) {
        line = null;
      }
      if (line == null || line.isBlank()) {
        throw new NoInputException("'" + a + "' takes a route from standard input ('-'), but standard input has none");
      }
      StringBuilder parts = new StringBuilder(slashDash ? "" : "/");
      for (String p : line.trim().split("/")) {
        if (!p.isEmpty()) {
          parts.append(slashDash ? "/" + p : p + "/");
        }
      }
      out[i] = slashDash ? a.replace("/-", parts) : a.replace("-/", parts);
    }
    return out;
  }
}
