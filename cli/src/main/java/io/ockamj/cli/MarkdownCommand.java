package io.ockamj.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ockam markdown [-d DIR]}: writes one Markdown page per command and subcommand
 * ({@code ockam.md}, {@code ockam-node.md}, {@code ockam-node-create.md}, ...) and a
 * {@code SUMMARY.md} that lists them as a nested outline, as Rust's {@code ockam markdown} does
 * (hidden, as in Rust). Existing files are replaced.
 */
@Command(name = "markdown", mixinStandardHelpOptions = true, hidden = true,
  description = "Generate Markdown pages for every ockam command.")
final class MarkdownCommand implements Callable<Integer> {

  /** The directory when none is given, in the current directory (as Rust). */
  static final String DEFAULT_DIR = "ockam_markdown_pages";

  @Option(names = {"-d", "--dir"}, paramLabel = "DIR",
    description = "The directory to write the pages in, created if missing."
      + " Default: ./" + DEFAULT_DIR + " (in the current directory).")
  String dir;

  @Override
  public Integer call() {
    Path out;
    if (dir == null) {
      out = Path.of("").toAbsolutePath().resolve(DEFAULT_DIR);
      System.out.println("Markdown pages stored at: " + out);
      System.out.flush();
    } else if (dir.isEmpty()) {
      throw new ExitCodes.CliException(ExitCodes.USAGE, "a value is required for '--dir <DIR>' but none was supplied");
    } else {
      out = Path.of(dir);
    }
    CommandDocs.createDirectory(out);
    StringBuilder summary = new StringBuilder("# Summary\n\n");
    for (CommandDocs.Page page : CommandDocs.pages(Main.commandLine())) {
      int indent = Math.max(page.words().size() - 1, 1) - 1;
      summary.append("    ".repeat(indent)).append(" - [").append(page.name()).append("](./")
        .append(page.fileBase()).append(".md)\n");
      CommandDocs.write(out.resolve(page.fileBase() + ".md"), page(page).getBytes(StandardCharsets.UTF_8));
    }
    CommandDocs.write(out.resolve("SUMMARY.md"), summary.toString().getBytes(StandardCharsets.UTF_8));
    return ExitCodes.OK;
  }

  /**
   * One command's page: title, usage, description, then its arguments, options and subcommands,
   * then its examples and notes.
   *
   * @param page the command
   * @return the page's Markdown
   */
  static String page(CommandDocs.Page page) {
    CommandSpec spec = page.spec();
    StringBuilder b = new StringBuilder();
    b.append("## ").append(page.typed()).append("\n---\n\n");
    b.append('`').append(usage(page)).append("`\n\n");
    List<String> description = CommandDocs.description(spec);
    if (!description.isEmpty()) {
      b.append(paragraphs(description)).append("\n\n");
    }
    List<PositionalParamSpec> positionals = CommandDocs.positionals(spec);
    if (!positionals.isEmpty()) {
      b.append("### Arguments\n\n");
      positionals.forEach(p -> item(b, p));
      endSection(b);
    }
    List<OptionSpec> options = CommandDocs.options(spec, false);
    if (!options.isEmpty()) {
      b.append("### Options\n\n");
      options.forEach(o -> item(b, o));
      endSection(b);
    }
    List<CommandLine> subs = CommandDocs.subcommands(page.command());
    if (!subs.isEmpty()) {
      b.append("### Subcommands\n\n");
      for (CommandLine sub : subs) {
        b.append("* [").append(sub.getCommandName()).append("](").append(page.fileBase()).append('-')
          .append(sub.getCommandName()).append(".md)\n");
      }
      b.append('\n');
    }
    List<String> footer = CommandDocs.footer(spec);
    if (!footer.isEmpty()) {
      b.append("```\n").append(String.join("\n", footer)).append("\n```\n\n");
    }
    return b.toString().stripTrailing() + "\n";
  }

  /** {@code ockam node create [OPTIONS] [NAME|FILE]}, as clap writes a usage line. */
  static String usage(CommandDocs.Page page) {
    StringBuilder b = new StringBuilder(page.typed());
    // as clap: -h/--help and -V/--version alone do not make an [OPTIONS]
    if (!CommandDocs.options(page.spec(), false).isEmpty()) {
      b.append(" [OPTIONS]");
    }
    for (PositionalParamSpec p : CommandDocs.positionals(page.spec())) {
      b.append(' ').append(CommandDocs.required(p) ? "<" + CommandDocs.valueName(p) + ">" : "[" + CommandDocs.valueName(p) + "]");
      if (CommandDocs.repeatable(p)) {
        b.append("...");
      }
    }
    if (!CommandDocs.subcommands(page.command()).isEmpty()) {
      b.append(" <COMMAND>");
    }
    return b.toString();
  }

  /** One argument or option as a list item: its names and value, whether optional, its help and default. */
  private static void item(StringBuilder b, ArgSpec a) {
    String value = CommandDocs.required(a) ? "<" + CommandDocs.valueName(a) + ">" : "[" + CommandDocs.valueName(a) + "]";
    b.append("* ");
    if (a instanceof OptionSpec o) {
      String shortName = CommandDocs.shortName(o);
      String longName = CommandDocs.longName(o);
      String suffix = CommandDocs.takesValue(o) ? " " + value : "";
      if (shortName != null && longName != null) {
        b.append('`').append(shortName).append("`, `").append(longName).append(suffix).append('`');
      } else {
        b.append('`').append(shortName != null ? shortName : longName).append(suffix).append('`');
      }
    } else {
      b.append('`').append(value).append('`');
    }
    if (!CommandDocs.required(a)) {
      b.append(" (optional)");
    }
    String help = CommandDocs.help(a);
    String dflt = CommandDocs.shownDefault(a);
    if (dflt != null) {
      help = (help + " [default: " + dflt + "]").strip();
    }
    if (!help.isEmpty()) {
      b.append("<br/>\n").append(prose(help)).append("\n\n");
    } else {
      b.append('\n');
    }
  }

  /** A blank line after a list, unless its last item ended with one. */
  private static void endSection(StringBuilder b) {
    if (!(b.length() >= 2 && b.charAt(b.length() - 1) == '\n' && b.charAt(b.length() - 2) == '\n')) {
      b.append('\n');
    }
  }

  /** Description lines as Markdown: lines joined, a blank line between paragraphs. */
  private static String paragraphs(List<String> lines) {
    return prose(String.join("\n", lines.stream().map(String::strip).toList()).strip());
  }

  /**
   * Help text as Markdown prose: {@code <} and {@code >} (as in {@code <default_relay_name>}) as
   * entities, else a Markdown renderer takes them for an HTML tag and drops the word.
   *
   * @param text plain help text
   * @return the text for a Markdown page
   */
  static String prose(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
