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
}
