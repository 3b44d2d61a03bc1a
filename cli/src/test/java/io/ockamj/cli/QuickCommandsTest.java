package io.ockamj.cli;

import io.ockamj.cli.terminal.Terminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quick path parses what it takes exactly as picocli does, and leaves everything else to it.
 */
class QuickCommandsTest {

  @AfterEach
  void reset() {
    Terminal.reset();
  }

  /** The command's option fields and the global settings after picocli parsed the line. */
  private static Map<String, Object> picocli(String line) throws Exception {
    Terminal.reset();
    CommandLine.ParseResult parsed = Main.commandLine().parseArgs(line.split(" "));
    while (parsed.hasSubcommand()) {
      parsed = parsed.subcommand();
    }
    return state(parsed.commandSpec().userObject());
  }

  private static Optional<Map<String, Object>> quick(String line) throws Exception {
    Terminal.reset();
    Optional<Callable<Integer>> command = QuickCommands.parse(line.split(" "));
    return command.isEmpty() ? Optional.empty() : Optional.of(state(command.get()));
  }

  private static Map<String, Object> state(Object command) throws IllegalAccessException {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("class", command.getClass().getName());
    for (Field f : command.getClass().getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) || f.getName().equals("trustOptions") || f.getName().equals("spec")) {
        continue;
      }
      f.setAccessible(true);
      out.put(f.getName(), f.get(command));
    }
    out.put("json", Terminal.json());
    out.put("quiet", Terminal.quiet());
    out.put("verbosity", Terminal.verbosity());
    out.put("noColor", Terminal.noColor());
    out.put("noInput", Terminal.noInput());
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "node list",
    "node list --output json",
    "--output json node list",
    "node list --output=plain -q",
    "node list --jq .[0].node_name --no-input",
    "-vv node list --no-color --compact-output",
    "node list -v -v --verbose",
    "message send hi --to /node/n1/service/echo",
    "message send --to /ip4/127.0.0.1/tcp/4000/service/echo hi --timeout 5s --hex",
    "message send hi -t /node/n1/service/echo -f n2 --output=json --identity i1",
    "message send hi --to=/service/echo --timeout=500ms --at n1",
    "message send hi --to /x --retry 3 --retry-delay 1s",
    "message send hi --to /x --retry-count 2 --no-retry --quiet",
    "node create",
    "node create n1",
    "node create n1 --tcp-listener-address 127.0.0.1:4000 --identity i1 --timeout 2m",
    "node create n1 --foreground --child-process -t 127.0.0.1:0 --trust I1 --trust I2 --admin I3",
    "node create n1 --foreground --child-process --tcp-listener-address 127.0.0.1:0 --replace-stopped",
    "node create -f n1 -s --output json",
  })
  void parsesAsPicocliDoes(String line) throws Exception {
    Optional<Map<String, Object>> quick = quick(line);
    assertThat(quick).as("the quick path takes '%s'", line).isPresent();
    assertThat(quick.get()).isEqualTo(picocli(line));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "node list --help",
    "node list -h",
    "node list extra",
    "node list --output xml",
    "node list --output json --output json",
    "node list -qv",
    "node list --jq",
    "node show n1",
    "message send hi",
    "message send --to /x",
    "message send hi --to /x --to /y",
    "message send hi -t /x --to /y",
    "message send hi --to /x extra",
    "message send hi --to /x --timeout bad",
    "message send hi --to /x --retry many",
    "message send hi --to /x --bogus",
    "message send hi -t/x",
    "message send hi --to /x --hex=true",
    "message send -- hi --to /x",
    "message send hi --to /x --project p1",
    "message send - --to /x",
    "message send hi --to",
    "node create n1 n2",
    "node create config.yaml",
    "node create n1 -f --foreground",
    "node create n1 --configuration x",
    "node create n1 --project p1",
    "node create n1 --console",
    "node create n1 --variable A=1",
    "node create n1 --http-server",
  })
  void leavesTheRestToPicocli(String line) throws Exception {
    assertThat(quick(line)).as("'%s' goes to picocli", line).isEmpty();
  }

  @Test
  void everyOptionItTakesIsPicocliOptionOfThatCommand() {
    CommandLine root = Main.commandLine();
    List<String> missing = new ArrayList<>();
    for (QuickCommands.Shape<?> shape : QuickCommands.SHAPES) {
      CommandLine cl = root;
      for (String w : shape.words) {
        cl = cl.getSubcommands().get(w);
      }
      for (String name : shape.optionNames()) {
        if (cl.getCommandSpec().findOption(name) == null) {
          missing.add(String.join(" ", shape.words) + " " + name);
        }
      }
    }
    assertThat(missing).isEmpty();
  }
}
