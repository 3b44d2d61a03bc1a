package io.ockamj.cli.terminal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Where and how a command writes, following Rust's {@code ockam} (ockam_api's terminal): the result
 * goes to standard output, progress and notices to standard error (none with {@code --quiet}).
 *
 * <p>The result's form: with {@code --output json} (or {@code --jq}/{@code --compact-output} and no
 * {@code --output plain}) its JSON, filtered by {@code --jq}; otherwise, on a terminal, its plain
 * text (else machine form, else JSON); when standard output is not a terminal, its machine form
 * (else JSON, else plain text), so {@code ockam secure-channel create ... | ockam message send hi
 * --to -/service/echo} works. Not on a terminal the result ends without a newline, as in Rust.
 */
public final class Terminal {

  /** The global options of this run (set while the command line is parsed). */
  static final Settings SETTINGS = new Settings();

  private Terminal() {
  }

  /** The global options' values. */
  static final class Settings {
    boolean quiet;
    int verbosity;
    boolean noColor;
    boolean noInput;
    GlobalArgs.Format output;
    String jq;
    boolean compact;
    Boolean tty;
    /** A result went to a pipe already: the next one is put on a line of its own. */
    boolean written;
  }

  /** Forgets the options of an earlier run in this process (the command line run in tests). */
  public static void reset() {
    Settings s = SETTINGS;
    s.quiet = false;
    s.verbosity = 0;
    s.noColor = false;
    s.noInput = false;
    s.output = null;
    s.jq = null;
    s.compact = false;
    s.tty = null;
    s.written = false;
  }

  /** @return whether the result is printed as JSON (see the class comment) */
  public static boolean json() {
    if (SETTINGS.output != null) {
      return SETTINGS.output == GlobalArgs.Format.json;
    }
    return SETTINGS.jq != null || SETTINGS.compact;
  }

  /** @return {@code -q}/{@code --quiet} or QUIET=true */
  public static boolean quiet() {
    return SETTINGS.quiet || env("QUIET");
  }

  /** @return how many {@code -v} were given (0 to 3) */
  public static int verbosity() {
    return SETTINGS.verbosity;
  }

  /** @return {@code --no-color} or NO_COLOR=true */
  public static boolean noColor() {
    return SETTINGS.noColor || env("NO_COLOR");
  }

  /** @return {@code --no-input} or NO_INPUT=true */
  public static boolean noInput() {
    return SETTINGS.noInput || env("NO_INPUT");
  }

  /**
   * Whether standard output is a terminal: on Linux, whether fd 1 is a tty device; elsewhere
   * whether the JVM has a console. {@code -Dockam.tty=true|false} or {@code OCKAM_TTY} (ours) overrides it.
   *
   * @return {@code true} for a terminal
   */
  public static boolean stdoutIsTty() {
    if (SETTINGS.tty == null) {
      String forced = forcedTty();
      SETTINGS.tty = forced != null ? Boolean.parseBoolean(forced) : detectTty();
    }
    return SETTINGS.tty;
  }

  /**
   * Whether standard error is a terminal (for progress that redraws itself).
   *
   * @return {@code true} for a terminal
   */
  public static boolean stderrIsTty() {
    String forced = forcedTty();
    return forced != null ? Boolean.parseBoolean(forced) : isTty(2);
  }

  /** {@code -Dockam.tty} or {@code OCKAM_TTY} (ours, for tests and wrappers): true or false, or {@code null}. */
  private static String forcedTty() {
    String forced = System.getProperty("ockam.tty");
    return forced != null ? forced : System.getenv("OCKAM_TTY");
  }

  private static boolean detectTty() {
    return isTty(1);
  }

  private static boolean isTty(int fdNumber) {
    Path fd = Path.of("/proc/self/fd/" + fdNumber);
    try {
      String target = Files.readSymbolicLink(fd).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return System.console() != null;
    }
  }

  private static boolean env(String name) {
    String v = System.getenv(name);
    if (v == null) {
      return false;
    }
    v = v.trim().toLowerCase(Locale.ROOT);
    return v.equals("true") || v.equals("1") || v.equals("yes") || v.equals("on");
  }

  /**
   * Writes a progress line or notice on standard error, unless {@code --quiet}.
   *
   * @param line the text
   */
  public static void notice(String line) {
    if (!quiet()) {
      System.err.println(line);
    }
  }

  /**
   * Writes a command's result on standard output, in the form the options and the terminal ask for.
   * With {@code --output json} and no JSON form, nothing is written (as in Rust).
   *
   * @param out the result's forms
   * @throws OutputException if the {@code --jq} filter fails
   */
  public static void write(Output out) {
    String text = render(out, json(), stdoutIsTty());
    if (text == null) {
      return;
    }
    PrintStream ps = System.out;
    String trimmed = text.stripTrailing();
    if (stdoutIsTty()) {
      ps.println(trimmed);
    } else {
      // as Rust, no line end after a result through a pipe (`$(ockam ...)` and `-` in a route take it
      // as is); a command with several results (run, node delete --all) puts each on a line of its
      // own, where Rust runs them together ("n1n2", "{..}{..}"), which no script can take apart
      if (SETTINGS.written) {
        ps.print('\n');
      }
      ps.print(trimmed);
      SETTINGS.written = true;
    }
    ps.flush();
  }

  /**
   * The text {@link #write} prints (before trailing white space is cut).
   *
   * @param out the forms
   * @param json JSON asked for
   * @param tty standard output is a terminal
   * @return the text, or {@code null} when JSON is asked for and there is none
   */
  static String render(Output out, boolean json, boolean tty) {
    if (json) {
      return out.json == null ? null : jsonText(out.json);
    }
    if (tty) {
      if (out.plain != null) {
        return out.plain;
      }
      return out.machine != null ? out.machine : out.json != null ? jsonText(out.json) : "";
    }
    if (out.machine != null) {
      return out.machine;
    }
    return out.json != null ? jsonText(out.json) : out.plain != null ? out.plain : "";
  }

  private static String jsonText(Object value) {
    boolean compact = SETTINGS.compact;
    if (SETTINGS.jq == null) {
      return compact ? JsonText.compact(value) : JsonText.pretty(value);
    }
    List<Object> results = JqFilter.compile(SETTINGS.jq).apply(value);
    StringBuilder b = new StringBuilder();
    for (Object r : results) {
      if (b.length() > 0) {
        b.append('\n');
      }
      b.append(compact ? JsonText.compact(r) : JsonText.pretty(r));
    }
    return b.toString();
  }
}
