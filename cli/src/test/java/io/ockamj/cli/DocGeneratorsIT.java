package io.ockamj.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** {@code ockam markdown} and {@code ockam manpages}, run as processes into temporary directories. */
class DocGeneratorsIT {

  @TempDir
  Path dir;

  private OckamCli cli() {
    return OckamCli.home(dir.resolve("home"));
  }

  private static List<String> names(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void markdownWritesAPagePerCommandAndASummary() throws Exception {
    Path md = dir.resolve("md");
    OckamCli.Run r = cli().run("markdown", "--dir", md.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEmpty();
    List<String> files = names(md);
    assertThat(files).contains("SUMMARY.md", "ockam.md", "ockam-node.md", "ockam-node-create.md", "ockam-tcp-inlet-create.md",
      "ockam-secure-channel-create.md", "ockam-completion.md");
    // hidden commands (markdown and manpages themselves) and picocli's help command have no page
    assertThat(files).doesNotContain("ockam-markdown.md", "ockam-manpages.md", "ockam-help.md");

    String create = Files.readString(md.resolve("ockam-node-create.md"));
    assertThat(create).startsWith("## ockam node create\n---\n\n`ockam node create [OPTIONS] [NAME|FILE]`\n\n");
    assertThat(create).contains("### Arguments", "### Options", "* `-f`, `--foreground` (optional)<br/>\n",
      "* `-t`, `--tcp-listener-address [HOST:PORT]` (optional)<br/>\n", "127.0.0.1:0", "60s", "`--identity [NAME]`");
    assertThat(create).as("hidden option").doesNotContain("--child-process");
    assertThat(create).as("global and help options are on the root's page").doesNotContain("`--verbose`", "`--help`", "`--output");

    String node = Files.readString(md.resolve("ockam-node.md"));
    assertThat(node).contains("`ockam node <COMMAND>`", "### Subcommands", "* [create](ockam-node-create.md)",
      "* [delete](ockam-node-delete.md)");

    // the summary lists every page once, nested as the commands are, and nothing else
    String summary = Files.readString(md.resolve("SUMMARY.md"));
    assertThat(summary).startsWith("# Summary\n\n - [ockam](./ockam.md)\n - [node](./ockam-node.md)\n     - [create](./ockam-node-create.md)\n");
    Matcher m = Pattern.compile("\\(\\./([^)]+)\\)").matcher(summary);
    List<String> linked = new ArrayList<>();
    while (m.find()) {
      linked.add(m.group(1));
    }
    List<String> pages = new ArrayList<>(files);
    pages.remove("SUMMARY.md");
    assertThat(linked).containsExactlyInAnyOrderElementsOf(pages);
    // and every subcommand link of every page goes to a page that exists
    for (String page : pages) {
      Matcher link = Pattern.compile("\\* \\[[^]]+]\\(([^)]+\\.md)\\)").matcher(Files.readString(md.resolve(page)));
      while (link.find()) {
        assertThat(md.resolve(link.group(1))).as("link in %s", page).exists();
      }
    }
  }

  @Test
  void markdownWithoutDirWritesInTheCurrentDirectoryAndReplacesFiles() throws Exception {
    Path cwd = Files.createDirectories(dir.resolve("cwd"));
    Path out = cwd.resolve("ockam_markdown_pages");
    Files.createDirectories(out);
    Files.writeString(out.resolve("ockam-node-create.md"), "stale");
    OckamCli.Run r = cli().cwd(cwd).run("markdown");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("Markdown pages stored at: " + out.toRealPath() + "\n");
    assertThat(Files.readString(out.resolve("ockam-node-create.md"))).startsWith("## ockam node create");
  }

  @Test
  void manpagesWritesAGzippedPagePerCommand() throws Exception {
    Path man = dir.resolve("man");
    OckamCli.Run r = cli().run("manpages", "-d", man.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEmpty();
    List<String> files = names(man);
    assertThat(files).contains("ockam.1.gz", "ockam-node.1.gz", "ockam-node-create.1.gz", "ockam-tcp-inlet-create.1.gz")
      .doesNotContain("ockam-manpages.1.gz", "ockam-markdown.1.gz", "ockam-help.1.gz")
      .allMatch(n -> n.endsWith(".1.gz"));
    byte[] gz = Files.readAllBytes(man.resolve("ockam-node-create.1.gz"));
    assertThat(new String(gz, 10, "ockam-node-create.1".length(), StandardCharsets.ISO_8859_1)).isEqualTo("ockam-node-create.1");
    String roff = gunzip(man.resolve("ockam-node-create.1.gz"));
    assertThat(roff).contains(".TH ockam\\-node\\-create 1 ", ".SH NAME\nockam\\-node\\-create \\- ", ".SH SYNOPSIS\n\\fBockam node create\\fR",
      ".SH OPTIONS\n", "\\fB\\-f\\fR, \\fB\\-\\-foreground\\fR\n", "\\fB\\-t\\fR, \\fB\\-\\-tcp\\-listener\\-address\\fR=\\fIHOST:PORT\\fR\n",
      "127.0.0.1:0", "[\\fINAME|FILE\\fR]");
    assertThat(roff).doesNotContain("child\\-process");
    assertThat(gunzip(man.resolve("ockam-node.1.gz"))).contains(".SH SUBCOMMANDS\n.TP\nockam\\-node\\-create(1)\n");
    assertThat(gunzip(man.resolve("ockam.1.gz"))).contains("\\fB\\-\\-output\\fR=\\fIFORMAT\\fR", ".SH VERSION\n");
  }

  @Test
  void manpagesWithoutCompressionRenderWithoutWarnings() throws Exception {
    Path man = dir.resolve("man1");
    OckamCli.Run r = cli().run("manpages", "--dir", man.toString(), "--no-compression");
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String> files = names(man);
    assertThat(files).contains("ockam.1", "ockam-node-create.1").allMatch(n -> n.endsWith(".1"));
    assumeTrue(ManpagesRoffTest.onPath("groff"), "groff is not installed");
    for (String f : files) {
      Process p = new ProcessBuilder("groff", "-man", "-Tutf8", "-ww", "-P-cbou", man.resolve(f).toString()).start();
      p.getOutputStream().close();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).replace('\u2212', '-');
      String warnings = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(warnings).as("groff warnings for %s", f).isEmpty();
      assertThat(p.exitValue()).isZero();
      if (f.equals("ockam-node-create.1")) {
        assertThat(text).contains("-f, --foreground", "-t, --tcp-listener-address=HOST:PORT", "127.0.0.1:0")
          .doesNotContain("--child-process");
      }
    }
  }

  @Test
  void manpagesDefaultToTheManDirectoryUnderHome() throws Exception {
    Path home = dir.resolve("userhome");
    OckamCli.Run r = cli().env(Map.of("HOME", home.toString())).run("manpages");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEmpty();
    assertThat(home.resolve(".local/share/man/man1/ockam-node-create.1.gz")).isRegularFile();
  }

  @Test
  void manpagesWithoutHomeWriteInTheCurrentDirectory() throws Exception {
    Path cwd = Files.createDirectories(dir.resolve("nohome"));
    ProcessBuilder pb = cli().cwd(cwd).builder("manpages", "-n");
    pb.environment().remove("HOME");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(OckamCli.TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    Path pages = cwd.resolve("ockam_man_pages").toRealPath();
    assertThat(out).isEqualTo("Man pages stored at: " + pages + "\n");
    assertThat(pages.resolve("ockam-node-create.1")).isRegularFile();
  }

  @Test
  void aDirectoryThatCannotBeCreatedIsAOneLineError() throws Exception {
    Path blocker = Files.writeString(dir.resolve("a-file"), "not a directory");
    for (String command : List.of("markdown", "manpages")) {
      OckamCli.Run r = cli().run(command, "--dir", blocker.resolve("pages").toString());
      assertThat(r.exitCode()).as(command).isEqualTo(ExitCodes.FAILURE);
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).isEqualTo("error: cannot create the directory '" + blocker.resolve("pages") + "': not a directory\n");

      OckamCli.Run file = cli().run(command, "--dir", blocker.toString());
      assertThat(file.exitCode()).as(command).isEqualTo(ExitCodes.FAILURE);
      assertThat(file.err()).isEqualTo("error: cannot create the directory '" + blocker
        + "': a file that is not a directory is in the way\n");

      OckamCli.Run empty = cli().run(command, "--dir", "");
      assertThat(empty.exitCode()).as(command).isEqualTo(ExitCodes.USAGE);
      assertThat(empty.err()).contains("a value is required for '--dir <DIR>'");
    }
    assertThat(Files.readString(blocker)).isEqualTo("not a directory");
  }

  private static String gunzip(Path file) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
