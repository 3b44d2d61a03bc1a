package io.ockamj.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/** The man pages' roff escaping and gzip framing ({@link ManpagesCommand}). */
class ManpagesRoffTest {

  /** Every backslash the escaping writes starts one of these sequences. */
  private static final Pattern ESCAPES = Pattern.compile("\\\\(e|-|\\*\\(Aq|:|&|\\[u[0-9A-F]{4,6}])");

  @Test
  void escapesWhatRoffWouldInterpret() {
    assertThat(ManpagesCommand.escape("--dir")).isEqualTo("\\-\\-dir");
    assertThat(ManpagesCommand.escape("C:\\ockam\\n")).isEqualTo("C:\\eockam\\en");
    assertThat(ManpagesCommand.escape(".SH not a macro")).isEqualTo("\\&.SH not a macro");
    assertThat(ManpagesCommand.escape("'br not a request")).isEqualTo("\\*(Aqbr not a request");
    assertThat(ManpagesCommand.escape("node's")).isEqualTo("node\\*(Aqs");
    assertThat(ManpagesCommand.escape("/node/n1")).isEqualTo("/\\:node/\\:n1");
    assertThat(ManpagesCommand.escape("two\nlines\tand\u0007bell")).isEqualTo("two lines and bell");
    assertThat(ManpagesCommand.escape("\u2714 valid \u201cx\u201d \uD83D\uDD12"))
      .isEqualTo("\\[u2714] valid \\[u201C]x\\[u201D] \\[u1F512]");
    assertThat(ManpagesCommand.escape("a.b")).isEqualTo("a.b");
    assertThat(ManpagesCommand.escape("")).isEmpty();
  }

  @Property(tries = 300)
  void escapedTextIsOneLineOfPlainRoffText(@ForAll String text) {
    String e = ManpagesCommand.escape(text);
    assertThat(e).doesNotContain("\n", "\r");
    assertThat(e).doesNotStartWith(".").doesNotStartWith("'");
    assertThat(e.chars().allMatch(c -> c >= 0x20 && c < 0x7f)).as("ASCII only: %s", e).isTrue();
    // remove the escapes: no backslash and no bare '-' may be left
    String rest = ESCAPES.matcher(e).replaceAll("");
    assertThat(rest).doesNotContain("\\", "-");
  }

  @Property(tries = 100)
  void gzipRoundTripsAndNamesTheFile(@ForAll byte[] content) throws IOException {
    byte[] gz = ManpagesCommand.gzip("ockam-node-create.1", content);
    assertThat(gz[3] & 0x08).as("FNAME flag").isEqualTo(0x08);
    assertThat(new String(gz, 10, "ockam-node-create.1".length(), StandardCharsets.ISO_8859_1)).isEqualTo("ockam-node-create.1");
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
  }

  @Command(name = "tricky", description = {".TH looks like a request", "'also this one", "back\\slash, \u201cquotes\u201d and C:\\dir",
    "", "second paragraph: /node/n1/service/forward_to_n1/secure/api/service/outlet"},
    footerHeading = "%nExamples:%n", footer = {"  $ ockam tricky --to /node/n1 -- -x", ".  a dot line"})
  static final class Tricky implements Runnable {
    @Option(names = {"-t", "--to"}, paramLabel = "ROUTE", defaultValue = "/node/default", description = "Where to. It's a route.")
    String to;

    @Option(names = "--secret", hidden = true, description = "Not shown.")
    String secret;

    @Parameters(index = "0", arity = "1", paramLabel = "NAME", description = "Its name.")
    String name;

    @Override
    public void run() {
    }
  }

  private static String page() {
    return ManpagesCommand.page(new CommandDocs.Page(List.of("ockam", "tricky"), new CommandLine(new Tricky())));
  }

  @Test
  void aPageHasTheSectionsAndLeavesHiddenOptionsOut() {
    String roff = page();
    assertThat(roff).contains(".TH ockam\\-tricky 1 ", ".SH NAME\nockam\\-tricky \\- \\&.TH looks like a request\n",
      ".SH SYNOPSIS\n\\fBockam tricky\\fR [\\fB\\-t\\fR|\\fB\\-\\-to\\fR \\fIROUTE\\fR]", " <\\fINAME\\fR>",
      ".SH DESCRIPTION\n", ".SH OPTIONS\n", "\\fB\\-t\\fR, \\fB\\-\\-to\\fR=\\fIROUTE\\fR\n",
      "[default: /\\:node/\\:default]", ".SH EXTRA\n.nf\n");
    assertThat(roff).doesNotContain("secret", ".SH VERSION", ".SH SUBCOMMANDS");
    // no line but the macros starts with a control character
    for (String line : roff.split("\n")) {
      if (line.startsWith(".") || line.startsWith("'")) {
        assertThat(line).matches("\\.(ie|el|TH|ad|nh|SH|TP|RS|RE|PP|br|nf|fi)( .*)?");
      }
    }
  }

  @Test
  void groffRendersTheTextAsWrittenWithoutWarnings(@TempDir Path dir) throws Exception {
    assumeTrue(onPath("groff"), "groff is not installed");
    Path file = dir.resolve("ockam-tricky.1");
    Files.writeString(file, page());
    Process p = new ProcessBuilder("groff", "-man", "-Tutf8", "-ww", "-P-cbou", file.toString()).start();
    p.getOutputStream().close();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).replace('\u2212', '-').replace('\u2010', '-');
    String warnings = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(warnings).isEmpty();
    String flat = text.replaceAll("\\s+", " ");
    assertThat(flat).contains(".TH looks like a request", "'also this one", "back\\slash, \u201cquotes\u201d and C:\\dir",
      "-t, --to=ROUTE", "It's a route.", "[default: /node/default]", "$ ockam tricky --to /node/n1 -- -x", ". a dot line");
    // the long route may be broken after a '/', never inside a word (no hyphenation)
    assertThat(text.replaceAll("\\s+", "")).contains("secondparagraph:/node/n1/service/forward_to_n1/secure/api/service/outlet");
  }

  static boolean onPath(String program) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) {
        return true;
      }
    }
    return false;
  }
}
