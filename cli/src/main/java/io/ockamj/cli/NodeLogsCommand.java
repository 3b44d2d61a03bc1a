package io.ockamj.cli;

import io.ockamj.cli.terminal.Fmt;
import io.ockamj.cli.terminal.Output;
import io.ockamj.cli.terminal.Terminal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ockam node logs}. */
@Command(name = "logs", mixinStandardHelpOptions = true,
  description = "Print the end of a background node's log (its stderr), or its log directory with --path"
    + " (Rust prints the log file's path; the lines are ours).")
final class NodeLogsCommand implements Callable<Integer> {

  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The node, as NAME or /node/NAME (default: the default node).")
  String name;

  @Option(names = "--at", paramLabel = "NODE", description = "The node, as NAME or /node/NAME (instead of the NAME argument).")
  String at;

  @Option(names = {"-n", "--lines"}, defaultValue = "50", description = "How many lines (default: ${DEFAULT-VALUE}).")
  int lines;

  @Option(names = "--stdout", description = "Print its stdout log instead.")
  boolean stdout;

  @Option(names = "--path", description = "Print the log directory only.")
  boolean path;

  @Override
  public Integer call() throws Exception {
    String n;
    String node = NodeResolver.nodeArgument(name, at);
    try (NodeClient c = NodeClient.open()) {
      n = c.record(node).name();
    }
    Path dir = NodeProcesses.nodeDir(n);
    if (path) {
      // Rust's form (there it is the log file's path): the text, the bare path for a pipe, and {path}
      Terminal.write(Output.of().plain(Fmt.ok("The path for the log directory is: " + dir)).machine(dir)
        .json(new JsonObject().put("path", dir.toString())));
      return ExitCodes.OK;
    }
    Path file = stdout ? NodeProcesses.stdout(n) : NodeProcesses.stderr(n);
    if (!Files.exists(file)) {
      throw new ExitCodes.CliException(ExitCodes.FAILURE, "node '" + n + "' has no log " + file + " (it never ran in the background)");
    }
    List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<String> tail = all.subList(Math.max(0, all.size() - Math.max(0, lines)), all.size());
    // ours: the lines as they are, on a terminal and through a pipe; {path, lines} with --output json
    String text = String.join("\n", tail);
    Terminal.write(Output.of().plain(text).machine(text)
      .json(new JsonObject().put("path", file.toString()).put("lines", new JsonArray(new ArrayList<>(tail)))));
    return ExitCodes.OK;
  }
}
