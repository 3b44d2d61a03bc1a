package io.ockamj.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The command tree as the documentation generators ({@code ockam markdown}, {@code ockam manpages})
 * see it: every command that the help shows, depth first, each with the file name Rust gives its page
 * ({@code ockam-node-create}), and its visible arguments and options as plain text.
 */
final class CommandDocs {

  private CommandDocs() {
  }

  /**
   * One command's page.
   *
   * @param words the command's words from the root: {@code [ockam, node, create]}
   * @param command the command
   */
  record Page(List<String> words, CommandLine command) {

    /** The file name without extension, as Rust names it: the words joined by {@code -}. */
    String fileBase() {
      return String.join("-", words);
    }

    /** The command as it is typed: {@code ockam node create}. */
    String typed() {
      return String.join(" ", words);
    }

    /** The command's model. */
    CommandSpec spec() {
      return command.getCommandSpec();
    }

    /** The command's own name. */
    String name() {
      return words.get(words.size() - 1);
    }
  }

  /**
   * Every visible command under {@code root}, {@code root} first, each before its subcommands (as
   * Rust walks them). Hidden commands and picocli's {@code help} command are left out, with what is
   * under them.
   *
   * @param root the root command line (with the whole tree)
   * @return the pages, in order
   */
  static List<Page> pages(CommandLine root) {
    List<Page> out = new ArrayList<>();
    walk(root, List.of(root.getCommandName()), out);
    return out;
  }

  private static void walk(CommandLine cl, List<String> words, List<Page> out) {
    out.add(new Page(words, cl));
    for (CommandLine sub : subcommands(cl)) {
      List<String> next = new ArrayList<>(words);
      next.add(sub.getCommandName());
      walk(sub, List.copyOf(next), out);
    }
  }

  /**
   * The visible subcommands of a command, each once (picocli lists an alias as another entry).
   *
   * @param cl a command
   * @return its subcommands that the help shows, in the help's order
   */
  static List<CommandLine> subcommands(CommandLine cl) {
    Set<CommandLine> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<CommandLine> out = new ArrayList<>();
    for (CommandLine sub : cl.getSubcommands().values()) {
      if (seen.add(sub) && !sub.getCommandSpec().usageMessage().hidden() && !(sub.getCommand() instanceof CommandLine.HelpCommand)) {
        out.add(sub);
      }
    }
    return out;
  }

  /**
   * The options a page documents: the command's own visible ones (the global options inherited
   * from the root are documented on the root's page).
   *
   * @param spec the command
   * @param withHelp whether {@code -h/--help} and {@code -V/--version} are included
   * @return the options, in declaration order
   */
  static List<OptionSpec> options(CommandSpec spec, boolean withHelp) {
    List<OptionSpec> out = new ArrayList<>();
    for (OptionSpec o : spec.options()) {
      if (!o.hidden() && !o.inherited() && (withHelp || !o.usageHelp() && !o.versionHelp())) {
        out.add(o);
      }
    }
    return out;
  }

  /**
   * The visible positional arguments of a command.
   *
   * @param spec the command
   * @return its arguments, in order
   */
  static List<PositionalParamSpec> positionals(CommandSpec spec) {
    List<PositionalParamSpec> out = new ArrayList<>();
    for (PositionalParamSpec p : spec.positionalParameters()) {
      if (!p.hidden()) {
        out.add(p);
      }
    }
    return out;
  }

  /** The option's short name ({@code -t}), or null. */
  static String shortName(OptionSpec o) {
    for (String n : o.names()) {
      if (n.length() == 2 && n.charAt(0) == '-' && n.charAt(1) != '-') {
        return n;
      }
    }
    return null;
  }

  /** The option's first long name ({@code --tcp-listener-address}), or its first name if it has none. */
  static String longName(OptionSpec o) {
    for (String n : o.names()) {
      if (n.startsWith("--")) {
        return n;
      }
    }
    return shortName(o) == null ? o.names()[0] : null;
  }

  /** Whether the option or argument takes a value. */
  static boolean takesValue(ArgSpec a) {
    return a.arity().max() > 0;
  }

  /** Whether the option or argument can be given more than once or takes several values. */
  static boolean repeatable(ArgSpec a) {
    return a.isMultiValue() || a.arity().max() > 1;
  }

  /** Whether the option or argument must be given. */
  static boolean required(ArgSpec a) {
    return a.required() || a.isPositional() && a.arity().min() > 0;
  }

  /** The value's name without picocli's angle brackets: {@code HOST:PORT}. */
  static String valueName(ArgSpec a) {
    String label = a.paramLabel();
    if (label.startsWith("<") && label.endsWith(">")) {
      // picocli's default label is the field's name: Rust's is the argument's id in capitals
      label = label.substring(1, label.length() - 1).toUpperCase(java.util.Locale.ROOT);
    }
    return label;
  }

  /** The help text of an option or argument, as one paragraph of plain text. */
  static String help(ArgSpec a) {
    return text(String.join(" ", a.renderedDescription())).replaceAll("\\s+", " ").strip();
  }

  /**
   * The default value to show, or null: the one the annotation gives, unless the help text already
   * says it. Flags have none to show.
   */
  static String shownDefault(ArgSpec a) {
    String d = a.defaultValue();
    if (d == null || d.isEmpty() || !takesValue(a) || help(a).contains(d)) {
      return null;
    }
    return d;
  }

  /** The command's description, one entry per line of its help (possibly empty lines). */
  static List<String> description(CommandSpec spec) {
    return lines(spec.usageMessage().description());
  }

  /** The command's one-line summary: the first line of its description, or empty. */
  static String about(CommandSpec spec) {
    for (String line : description(spec)) {
      if (!line.isBlank()) {
        return line.strip();
      }
    }
    return "";
  }

  /** What the help prints after the options (examples and notes), one entry per line. */
  static List<String> footer(CommandSpec spec) {
    List<String> out = new ArrayList<>(lines(new String[] {spec.usageMessage().footerHeading()}));
    out.addAll(lines(spec.usageMessage().footer()));
    while (!out.isEmpty() && out.get(0).isBlank()) {
      out.remove(0);
    }
    while (!out.isEmpty() && out.get(out.size() - 1).isBlank()) {
      out.remove(out.size() - 1);
    }
    return out;
  }

  private static List<String> lines(String[] texts) {
    List<String> out = new ArrayList<>();
    for (String t : texts) {
      if (t != null) {
        String s = text(t);
        // a heading's final line break ends its line; it adds no empty line
        out.addAll(List.of((s.endsWith("\n") ? s.substring(0, s.length() - 1) : s).split("\n", -1)));
      }
    }
    return out;
  }

  /** A help string as the help prints it: picocli's {@code %n} as a line break, {@code %%} as {@code %}. */
  static String text(String s) {
    return s.replace("%n", "\n").replace("%%", "%");
  }

  /**
   * Creates the output directory (and its parents) if needed.
   *
   * @param dir the directory
   * @throws ExitCodes.CliException if it cannot be created
   */
  static void createDirectory(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new ExitCodes.CliException(ExitCodes.FAILURE, "cannot create the directory '" + dir + "': " + reason(e));
    }
    if (!Files.isWritable(dir)) {
      throw new ExitCodes.CliException(ExitCodes.FAILURE, "cannot write in the directory '" + dir + "': permission denied");
    }
  }

  /**
   * Writes a file, replacing it if it exists (as Rust does).
   *
   * @param file the file
   * @param bytes its content
   * @throws ExitCodes.CliException if it cannot be written
   */
  static void write(Path file, byte[] bytes) {
    try {
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new ExitCodes.CliException(ExitCodes.FAILURE, "cannot write '" + file + "': " + reason(e));
    }
  }

  /** Why a file operation failed, in a few words. */
  static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "a file that is not a directory is in the way";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getReason().toLowerCase(java.util.Locale.ROOT);
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
