package io.ockamj.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Option;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * {@code ockam manpages [-d DIR] [-n]}: writes one man page (section 1) per command and subcommand,
 * named as Rust names them: {@code ockam.1.gz}, {@code ockam-node.1.gz}, {@code ockam-node-create.1.gz}
 * (gzip, the file's name in the gzip header), or {@code .1} files with {@code --no-compression}. The
 * default directory is {@code $HOME/.local/share/man/man1}, where {@code man} finds them; without
 * {@code HOME}, {@code ./ockam_man_pages}. Hidden, as in Rust. Existing files are replaced.
 */
@Command(name = "manpages", mixinStandardHelpOptions = true, hidden = true,
  description = "Generate man pages for every ockam command.")
final class ManpagesCommand implements Callable<Integer> {

  /** The directory under {@code $HOME} when none is given (as Rust). */
  static final String HOME_DIR = ".local/share/man/man1";
  /** The directory in the current directory when none is given and {@code HOME} is not set (as Rust). */
  static final String FALLBACK_DIR = "ockam_man_pages";

  @Option(names = {"-d", "--dir"}, paramLabel = "DIR",
    description = "The directory to write the pages in, created if missing. Default: $HOME/" + HOME_DIR
      + ", or ./" + FALLBACK_DIR + " if HOME is not set.")
  String dir;

  @Option(names = {"-n", "--no-compression"}, description = "Write plain .1 files instead of gzip-compressed .1.gz files.")
  boolean noCompression;

  @Override
  public Integer call() {
    Path out = directory();
    CommandDocs.createDirectory(out);
    for (CommandDocs.Page page : CommandDocs.pages(Main.commandLine())) {
      String name = page.fileBase() + ".1";
      byte[] roff = page(page).getBytes(StandardCharsets.UTF_8);
      if (noCompression) {
        CommandDocs.write(out.resolve(name), roff);
      } else {
        CommandDocs.write(out.resolve(name + ".gz"), gzip(name, roff));
      }
    }
    return ExitCodes.OK;
  }

  private Path directory() {
    if (dir != null) {
      if (dir.isEmpty()) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, "a value is required for '--dir <DIR>' but none was supplied");
      }
      return Path.of(dir);
    }
    String home = System.getenv("HOME");
    if (home != null && !home.isEmpty()) {
      return Path.of(home).resolve(HOME_DIR);
    }
    Path fallback = Path.of("").toAbsolutePath().resolve(FALLBACK_DIR);
    System.out.println("Man pages stored at: " + fallback);
    System.out.flush();
    return fallback;
  }

  /**
   * One command's man page: NAME, SYNOPSIS, DESCRIPTION, OPTIONS (its own options, then its
   * arguments), SUBCOMMANDS, EXTRA (the help's examples and notes) and, for the root, VERSION.
   *
   * @param page the command
   * @return the page in roff ({@code man(7)} macros)
   */
  static String page(CommandDocs.Page page) {
    CommandSpec spec = page.spec();
    StringBuilder b = new StringBuilder();
    // Aq: a straight apostrophe in groff, and in other roffs the plain character
    b.append(".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n");
    String version = Launcher.versionLine();
    b.append(".TH ").append(escape(page.fileBase())).append(" 1 \"\" \"").append(escape(version).replace("\"", "\\(dq"))
      .append("\" \"Ockam Manual\"\n");
    // left-aligned, not hyphenated: routes, addresses and option names stay whole and copyable
    b.append(".ad l\n.nh\n");
    b.append(".SH NAME\n").append(escape(page.fileBase()));
    String about = CommandDocs.about(spec);
    if (!about.isEmpty()) {
      b.append(" \\- ").append(escape(about));
    }
    b.append('\n');
    b.append(".SH SYNOPSIS\n").append(synopsis(page)).append('\n');
    List<String> description = CommandDocs.description(spec);
    if (!description.isEmpty()) {
      b.append(".SH DESCRIPTION\n").append(lines(description));
    }
    List<OptionSpec> options = CommandDocs.options(spec, true);
    List<PositionalParamSpec> positionals = CommandDocs.positionals(spec);
    if (!options.isEmpty() || !positionals.isEmpty()) {
      b.append(".SH OPTIONS\n");
      for (OptionSpec o : options) {
        b.append(".TP\n").append(optionNames(o)).append('\n');
        help(b, o);
      }
      for (PositionalParamSpec p : positionals) {
        b.append(".TP\n").append(value(p)).append('\n');
        help(b, p);
      }
    }
    List<CommandLine> subs = CommandDocs.subcommands(page.command());
    if (!subs.isEmpty()) {
      b.append(".SH SUBCOMMANDS\n");
      for (CommandLine sub : subs) {
        b.append(".TP\n").append(escape(page.fileBase() + "-" + sub.getCommandName())).append("(1)\n");
        String subAbout = CommandDocs.about(sub.getCommandSpec());
        if (!subAbout.isEmpty()) {
          b.append(escape(subAbout)).append('\n');
        }
      }
    }
    List<String> footer = CommandDocs.footer(spec);
    if (!footer.isEmpty()) {
      b.append(".SH EXTRA\n.nf\n");
      for (String line : footer) {
        b.append(line.isEmpty() ? "" : escape(line)).append('\n');
      }
      b.append(".fi\n");
    }
    if (page.words().size() == 1) {
      b.append(".SH VERSION\n").append(escape(version)).append('\n');
    }
    return b.toString();
  }

  /** {@code ockam node create [-f|--foreground] [-t|--tcp-listener-address HOST:PORT] [NAME|FILE]}, in roff. */
  private static String synopsis(CommandDocs.Page page) {
    StringBuilder b = new StringBuilder("\\fB").append(escape(page.typed())).append("\\fR");
    for (OptionSpec o : CommandDocs.options(page.spec(), true)) {
      String shortName = CommandDocs.shortName(o);
      String longName = CommandDocs.longName(o);
      b.append(CommandDocs.required(o) ? " " : " [");
      if (shortName != null) {
        b.append("\\fB").append(escape(shortName)).append("\\fR");
      }
      if (shortName != null && longName != null) {
        b.append('|');
      }
      if (longName != null) {
        b.append("\\fB").append(escape(longName)).append("\\fR");
      }
      if (CommandDocs.takesValue(o)) {
        b.append(' ').append("\\fI").append(escape(CommandDocs.valueName(o))).append("\\fR");
      }
      b.append(CommandDocs.required(o) ? "" : "]");
    }
    for (PositionalParamSpec p : CommandDocs.positionals(page.spec())) {
      b.append(' ').append(value(p));
    }
    if (!CommandDocs.subcommands(page.command()).isEmpty()) {
      b.append(" <\\fISUBCOMMAND\\fR>");
    }
    return b.toString();
  }

  /** {@code \fB\-t\fR, \fB\-\-tcp\-listener\-address\fR=\fIHOST:PORT\fR}. */
  private static String optionNames(OptionSpec o) {
    StringBuilder b = new StringBuilder();
    String shortName = CommandDocs.shortName(o);
    String longName = CommandDocs.longName(o);
    if (shortName != null) {
      b.append("\\fB").append(escape(shortName)).append("\\fR");
    }
    if (longName != null) {
      b.append(shortName != null ? ", " : "").append("\\fB").append(escape(longName)).append("\\fR");
    }
    if (CommandDocs.takesValue(o)) {
      b.append('=').append("\\fI").append(escape(CommandDocs.valueName(o))).append("\\fR");
    }
    return b.toString();
  }

  /** An argument's value: {@code <NAME>} when required, {@code [NAME]} when not, {@code ...} when repeatable. */
  private static String value(ArgSpec a) {
    String name = "\\fI" + escape(CommandDocs.valueName(a)) + "\\fR";
    String v = CommandDocs.required(a) ? "<" + name + ">" : "[" + name + "]";
    return CommandDocs.repeatable(a) ? v + "..." : v;
  }

  private static void help(StringBuilder b, ArgSpec a) {
    String help = CommandDocs.help(a);
    if (!help.isEmpty()) {
      b.append(escape(help)).append('\n');
    }
    String dflt = CommandDocs.shownDefault(a);
    if (dflt != null) {
      b.append(".RS\n").append(escape("[default: " + dflt + "]")).append("\n.RE\n");
    }
  }

  /** Description lines: each on a line of its own, a blank line starting a new paragraph. */
  private static String lines(List<String> lines) {
    StringBuilder b = new StringBuilder();
    boolean open = false;
    for (String line : lines) {
      if (line.isBlank()) {
        if (open) {
          b.append(".PP\n");
          open = false;
        }
      } else {
        if (open) {
          b.append(".br\n");
        }
        b.append(escape(line.strip())).append('\n');
        open = true;
      }
    }
    return b.toString();
  }

  /**
   * Text as roff input that prints as written: a backslash as {@code \e}, {@code -} as {@code \-}
   * (a minus, not a hyphen, so that options can be copied), an apostrophe as {@code \*(Aq}, other
   * characters than ASCII as {@code \[uXXXX]}, a possible line break after each {@code /} (routes are
   * long words), and {@code \&} before a {@code .} or {@code '} that starts a line (else roff takes
   * the line for a request). Line breaks become spaces: each call gives text for one line.
   *
   * @param text plain text
   * @return the escaped text
   */
  static String escape(String text) {
    StringBuilder b = new StringBuilder(text.length() + 16);
    text.codePoints().forEach(c -> {
      switch (c) {
        case '\\' -> b.append("\\e");
        case '-' -> b.append("\\-");
        case '\'' -> b.append("\\*(Aq");
        case '/' -> b.append("/\\:");
        case '\n', '\r', '\t' -> b.append(' ');
        default -> {
          if (c < 0x20 || c >= 0x7f && c <= 0x9f || Character.isSurrogate((char) c)) {
            // control characters, and a surrogate without its pair, have no glyph
            b.append(' ');
          } else if (c > 0x7e) {
            b.append(String.format(java.util.Locale.ROOT, "\\[u%04X]", c));
          } else {
            b.appendCodePoint(c);
          }
        }
      }
    });
    if (b.length() > 0 && (b.charAt(0) == '.' || b.charAt(0) == '\'')) {
      b.insert(0, "\\&");
    }
    return b.toString();
  }

  /**
   * A gzip file (RFC 1952) holding {@code content}, with {@code name} as the original file's name in
   * its header (as Rust writes it; {@code gunzip -N} restores it).
   *
   * @param name the name of the uncompressed file
   * @param content the uncompressed bytes
   * @return the gzip file's bytes
   */
  static byte[] gzip(String name, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length / 3 + 64);
    // magic, deflate, FNAME; no modification time; maximum-compression hint unset; OS unknown
    out.write(0x1f);
    out.write(0x8b);
    out.write(8);
    out.write(0x08);
    out.write(new byte[] {0, 0, 0, 0, 0, (byte) 255}, 0, 6);
    byte[] fileName = name.getBytes(StandardCharsets.ISO_8859_1);
    out.write(fileName, 0, fileName.length);
    out.write(0);
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    try {
      deflater.setInput(content);
      deflater.finish();
      byte[] buf = new byte[8192];
      while (!deflater.finished()) {
        int n = deflater.deflate(buf);
        out.write(buf, 0, n);
      }
    } finally {
      deflater.end();
    }
    CRC32 crc = new CRC32();
    crc.update(content);
    writeLe32(out, (int) crc.getValue());
    writeLe32(out, content.length);
    return out.toByteArray();
  }

  private static void writeLe32(ByteArrayOutputStream out, int v) {
    out.write(v);
    out.write(v >>> 8);
    out.write(v >>> 16);
    out.write(v >>> 24);
  }
}
