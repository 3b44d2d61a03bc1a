package io.ockamj.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every command and subcommand has a description and complete help. */
class HelpTest {

  private static void walk(CommandLine cl, String path) {
    StringWriter w = new StringWriter();
    cl.usage(new PrintWriter(w));
    String help = w.toString();
    assertThat(cl.getCommandSpec().usageMessage().description()).as("description of '%s'", path).isNotEmpty();
    assertThat(help).as("help of '%s'", path).contains("Usage:", "-h, --help");
    for (CommandLine.Model.OptionSpec o : cl.getCommandSpec().options()) {
      if (!o.hidden()) {
        assertThat(o.description()).as("option %s of '%s'", o.longestName(), path).isNotEmpty();
      }
    }
    for (Map.Entry<String, CommandLine> sub : cl.getSubcommands().entrySet()) {
      if (!sub.getKey().equals("help")) {
        walk(sub.getValue(), path + " " + sub.getKey());
      }
    }
  }

  @Test
  void everyCommandHasHelp() {
    CommandLine root = new CommandLine(Main.class);
    assertThat(root.getSubcommands()).containsKeys("node", "status", "reset");
    assertThat(root.getSubcommands().get("node").getSubcommands())
      .containsKeys("create", "list", "show", "stop", "start", "delete", "logs", "default");
    walk(root, "ockam");
  }

  @Test
  void hiddenChildOptionIsNotInTheHelp() {
    StringWriter w = new StringWriter();
    new CommandLine(Main.class).getSubcommands().get("node").getSubcommands().get("create").usage(new PrintWriter(w));
    assertThat(w.toString()).contains("--foreground", "--admin", "--tcp-listener-address").doesNotContain("--child-process");
  }
}
