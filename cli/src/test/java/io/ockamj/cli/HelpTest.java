package io.ockamj.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
        assertThat(help).as("help of '%s' mentions %s", path, o.longestName()).contains(o.longestName());
      } else {
        assertThat(help).as("help of '%s' hides %s", path, o.longestName()).doesNotContain(o.longestName());
      }
    }
    for (CommandLine.Model.PositionalParamSpec p : cl.getCommandSpec().positionalParameters()) {
      assertThat(help).as("help of '%s' mentions %s", path, p.paramLabel()).contains(p.paramLabel());
    }
    helps.put(path, help);
    for (Map.Entry<String, CommandLine> sub : cl.getSubcommands().entrySet()) {
      if (!sub.getKey().equals("help")) {
        walk(sub.getValue(), path + " " + sub.getKey());
      }
    }
  }

  private static final Map<String, String> helps = new TreeMap<>();

  @Test
  void everyCommandHasHelp() {
    CommandLine root = Main.commandLine();
    assertThat(root.getSubcommands()).containsKeys("node", "run", "status", "reset", "completion");
    assertThat(root.getSubcommands().get("node").getSubcommands())
      .containsKeys("create", "list", "show", "stop", "start", "delete", "logs", "default");
    walk(root, "ockam");
    assertThat(helps.get("ockam")).contains("completion", "run", "ockam completion bash", "--at NODE");
    assertThat(helps.get("ockam completion")).contains("SHELL", "bash or zsh", "source <(ockam completion bash)");
    assertThat(helps.get("ockam run")).contains("FILE", "--timeout", "--output", "tcp-listener-address", "tcp-outlets",
      "relays", "tcp-inlets", "via", "Example:", "nodes:");
    assertThat(helps.get("ockam node create")).contains("NAME|FILE", ".yaml", "ockam run FILE");
  }

  /** Every command that acts on an existing node takes --at NODE. */
  @Test
  void everyCommandThatActsOnANodeTakesAt() {
    CommandLine root = Main.commandLine();
    List<String> paths = List.of("node show", "node stop", "node start", "node delete", "node logs",
      "secure-channel create", "secure-channel list", "secure-channel show", "secure-channel delete",
      "tcp-outlet create", "tcp-outlet list", "tcp-outlet show", "tcp-outlet delete",
      "tcp-inlet create", "tcp-inlet list", "tcp-inlet show", "tcp-inlet delete",
      "relay create", "relay list", "relay show", "relay delete", "message send");
    for (String path : paths) {
      CommandLine cl = root;
      for (String name : path.split(" ")) {
        cl = cl.getSubcommands().get(name);
      }
      assertThat(cl.getCommandSpec().findOption("--at")).as("--at of '%s'", path).isNotNull();
    }
  }

  /** Runs the command line with stdout and stderr captured. */
  static String[] capture(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      code = Main.run(args);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return new String[] {String.valueOf(code), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8).trim()};
  }

  @Test
  void completionScriptCoversCommandsAndOptions() {
    for (String shell : List.of("bash", "zsh")) {
      String[] r = capture("completion", shell);
      assertThat(r[0]).isEqualTo("0");
      assertThat(r[1]).contains("complete -F _complete_ockam", "ZSH_VERSION", "tcp-inlet", "secure-channel", "--tcp-listener-address",
        "completion", "run").doesNotContain("--child-process");
    }
    assertThat(capture("completion")[1]).contains("complete -F _complete_ockam");
    String[] fish = capture("completion", "fish");
    assertThat(fish[0]).isEqualTo(String.valueOf(ExitCodes.USAGE));
    assertThat(fish[2]).isEqualTo("error: unsupported shell 'fish' (bash or zsh)");
  }

  @Test
  void hiddenChildOptionIsNotInTheHelp() {
    StringWriter w = new StringWriter();
    Main.commandLine().getSubcommands().get("node").getSubcommands().get("create").usage(new PrintWriter(w));
    assertThat(w.toString()).contains("--foreground", "--admin", "--tcp-listener-address").doesNotContain("--child-process");
  }
}
