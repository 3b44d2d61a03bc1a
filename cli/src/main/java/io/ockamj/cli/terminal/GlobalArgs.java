package io.ockamj.cli.terminal;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The options every command takes, anywhere on the command line, as in Rust's {@code ockam}:
 * {@code -q/--quiet}, {@code -v/--verbose} (repeatable), {@code --no-color}, {@code --no-input},
 * {@code --output plain|json}, {@code --jq FILTER} and {@code --compact-output}. Mixed into the root
 * command with picocli's inherited scope; the values land in {@link Terminal}'s settings (picocli
 * copies inherited options into each subcommand, so they are kept outside any one instance).
 */
public final class GlobalArgs {

  /** How many {@code -v} {@link #applyQuick} met. */
  private int quickVerbosity;

  /** The formats of {@code --output}. */
  public enum Format {
    /** Text (and, when standard output is not a terminal, the machine form or JSON). */
    plain,
    /** JSON. */
    json
  }

  @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
    description = "Print no progress or notices on stderr, only the result (or QUIET=true).")
  void quiet(boolean on) {
    if (on) {
      Terminal.SETTINGS.quiet = true;
    }
  }

  @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
    description = "Log more on stderr: -v info, -vv debug, -vvv trace.")
  void verbose(boolean[] flags) {
    if (flags != null) {
      Terminal.SETTINGS.verbosity = Math.max(Terminal.SETTINGS.verbosity, flags.length);
    }
  }

  @Option(names = "--no-color", scope = ScopeType.INHERIT, description = "No colors in the output (or NO_COLOR=true).")
  void noColor(boolean on) {
    if (on) {
      Terminal.SETTINGS.noColor = true;
    }
  }

  @Option(names = "--no-input", scope = ScopeType.INHERIT, description = "Never ask for input (or NO_INPUT=true).")
  void noInput(boolean on) {
    if (on) {
      Terminal.SETTINGS.noInput = true;
    }
  }

  @Option(names = "--output", scope = ScopeType.INHERIT, paramLabel = "FORMAT",
    description = "Output format: plain or json. When stdout is not a terminal, plain prints the command's machine form"
      + " (e.g. a route) if it has one, else its JSON.")
  void output(Format format) {
    if (format != null) {
      Terminal.SETTINGS.output = format;
    }
  }

  @Option(names = "--jq", scope = ScopeType.INHERIT, paramLabel = "FILTER",
    description = "Run a jq filter on the JSON output (implies --output json unless --output plain is given).")
  void jq(String filter) {
    if (filter != null) {
      Terminal.SETTINGS.jq = filter;
    }
  }

  @Option(names = "--compact-output", scope = ScopeType.INHERIT, description = "JSON on one line (implies --output json).")
  void compact(boolean on) {
    if (on) {
      Terminal.SETTINGS.compact = true;
    }
  }

  /**
   * Applies the global option at {@code args[i]} the way picocli does through the methods above, for
   * a command line that is parsed without picocli (the CLI's quick path for its most frequent
   * commands). Only the plain spellings are taken: {@code -q}, {@code --quiet}, {@code -v},
   * {@code -vv}, {@code -vvv}, {@code --verbose}, {@code --no-color}, {@code --no-input},
   * {@code --output FORMAT} or {@code --output=FORMAT}, {@code --jq FILTER} or {@code --jq=FILTER},
   * {@code --compact-output}; anything else is left to picocli.
   *
   * @param args the command line
   * @param i the index of the word to look at
   * @param seen the global options met so far on this command line (a repeated one is left to
   *   picocli, which reports it)
   * @return how many words the option took (1 or 2), 0 if {@code args[i]} is not a global option,
   *   or -1 if it is one that only picocli can judge (a bad or missing value, a repetition)
   */
  public int applyQuick(String[] args, int i, java.util.Set<String> seen) {
    String a = args[i];
    String name = a;
    String value = null;
    int eq = a.indexOf('=');
    if (a.startsWith("--") && eq > 0) {
      name = a.substring(0, eq);
      value = a.substring(eq + 1);
    }
    switch (name) {
      case "-v", "--verbose", "-vv", "-vvv" -> {
        if (value != null) {
          return -1;
        }
        // picocli hands the method every -v so far
        quickVerbosity += name.equals("--verbose") ? 1 : name.length() - 1;
        verbose(new boolean[quickVerbosity]);
        return 1;
      }
      case "-q", "--quiet", "--no-color", "--no-input", "--compact-output" -> {
        String key = name.equals("-q") ? "--quiet" : name;
        if (value != null || !seen.add(key)) {
          return -1;
        }
        switch (key) {
          case "--quiet" -> quiet(true);
          case "--no-color" -> noColor(true);
          case "--no-input" -> noInput(true);
          default -> compact(true);
        }
        return 1;
      }
      case "--output", "--jq" -> {
        int used = value == null ? 2 : 1;
        if (value == null) {
          if (i + 1 >= args.length || args[i + 1].startsWith("-")) {
            return -1;
          }
          value = args[i + 1];
        }
        if (!seen.add(name)) {
          return -1;
        }
        if (name.equals("--jq")) {
          jq(value);
          return used;
        }
        try {
          output(Format.valueOf(value));
        } catch (IllegalArgumentException e) {
          return -1;
        }
        return used;
      }
      default -> {
        return 0;
      }
    }
  }
}
