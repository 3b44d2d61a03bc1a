package io.ockamj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** One Markdown page of {@link MarkdownCommand}, for commands made for the test. */
class MarkdownPageTest {

  @Command(name = "sample", mixinStandardHelpOptions = true,
    description = {"Send to <name> & more.", "Second line."},
    footerHeading = "%nExamples:%n", footer = {"  $ ockam sample --to /node/n1 a b"})
  static final class Sample implements Runnable {
    @Option(names = {"-t", "--to"}, required = true, paramLabel = "ROUTE", description = "Where to send.")
    String to;

    @Option(names = "--timeout", defaultValue = "10s", description = "How long to wait.")
    String timeout;

    @Option(names = "--retries", defaultValue = "3", description = "How often to try (default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = {"-y", "--yes"}, description = "Do not ask.")
    boolean yes;

    @Option(names = "--internal", hidden = true, description = "Not for users.")
    String internal;

    @Parameters(index = "0", paramLabel = "FIRST", description = "The first.")
    String first;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "REST", description = "The others.")
    List<String> rest;

    @Override
    public void run() {
    }
  }

  @Command(name = "parent", description = "Holds sample.", subcommands = {Sample.class, Hidden.class, CommandLine.HelpCommand.class})
  static final class Parent implements Runnable {
    @Override
    public void run() {
    }
  }

  @Command(name = "secret", hidden = true, description = "Hidden.")
  static final class Hidden implements Runnable {
    @Override
    public void run() {
    }
  }

  @Test
  void aLeafPageHasUsageArgumentsOptionsAndExamples() {
    CommandLine cl = new CommandLine(new Sample());
    String md = MarkdownCommand.page(new CommandDocs.Page(List.of("ockam", "parent", "sample"), cl));
    assertThat(md).isEqualTo("""
      ## ockam parent sample
      ---

      `ockam parent sample [OPTIONS] <FIRST> [REST]...`

      Send to &lt;name&gt; &amp; more.
      Second line.

      ### Arguments

      * `<FIRST>`<br/>
      The first.

      * `[REST]` (optional)<br/>
      The others.

      ### Options

      * `-t`, `--to <ROUTE>`<br/>
      Where to send.

      * `--timeout [TIMEOUT]` (optional)<br/>
      How long to wait. [default: 10s]

      * `--retries [RETRIES]` (optional)<br/>
      How often to try (default: 3).

      * `-y`, `--yes` (optional)<br/>
      Do not ask.

      ```
      Examples:
        $ ockam sample --to /node/n1 a b
      ```
      """);
  }

  @Test
  void aParentPageLinksItsVisibleSubcommandsAndTheWalkSkipsHiddenOnes() {
    CommandLine root = new CommandLine(new Parent());
    List<CommandDocs.Page> pages = CommandDocs.pages(root);
    assertThat(pages).extracting(CommandDocs.Page::fileBase).containsExactly("parent", "parent-sample");
    String md = MarkdownCommand.page(pages.get(0));
    assertThat(md).contains("`parent <COMMAND>`", "### Subcommands\n\n* [sample](parent-sample.md)\n")
      .doesNotContain("secret", "[help]", "### Options");
  }
}
