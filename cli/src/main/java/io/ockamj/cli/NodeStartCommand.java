package io.ockamj.cli;

import io.ockamj.cli.terminal.Fmt;
import io.ockamj.cli.terminal.Output;
import io.ockamj.cli.terminal.Terminal;
import io.ockamj.store.NodeRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code ockam node start}. */
@Command(name = "start", mixinStandardHelpOptions = true,
  description = "Start a stopped node again with its stored configuration: same identity, same listener address.")
final class NodeStartCommand implements Callable<Integer> {

  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The node, as NAME or /node/NAME (default: the default node).")
  String name;

  @Option(names = "--at", paramLabel = "NODE", description = "The node, as NAME or /node/NAME (instead of the NAME argument).")
  String at;

  @Option(names = "--timeout", defaultValue = "60s", converter = Durations.class,
    description = "How long to wait for the node to answer (default: ${DEFAULT-VALUE}).")
  Duration timeout;


  @Override
  public Integer call() throws Exception {
    boolean json = Terminal.json();
    String node = NodeResolver.nodeArgument(name, at);
    try (NodeClient c = NodeClient.open()) {
      NodeRecord r = c.record(node);
      if (NodeClient.localStatus(r).equals("running")) {
        // as Rust: a notice on stdout, and success (scripts start nodes that may already run)
        Terminal.write(Output.of().plain(Fmt.err("The node '" + r.name() + "' is already running. If you want to restart it you"
          + " can call `ockam node stop " + r.name() + "` and then `ockam node start " + r.name() + "`")));
        return ExitCodes.OK;
      }
      return NodeCommand.launch(c, r.name(), NodeCommand.startArgs(r), timeout, json, "started");
    }
  }
}
