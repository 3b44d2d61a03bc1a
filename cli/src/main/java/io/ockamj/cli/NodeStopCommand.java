package io.ockamj.cli;

import io.ockamj.cli.terminal.Fmt;
import io.ockamj.cli.terminal.Output;
import io.ockamj.cli.terminal.Terminal;
import io.ockamj.store.NodeRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code ockam node stop}. */
@Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop a running node (SIGTERM, then wait for it to exit).")
final class NodeStopCommand implements Callable<Integer> {

  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The node, as NAME or /node/NAME (default: the default node).")
  String name;

  @Option(names = "--at", paramLabel = "NODE", description = "The node, as NAME or /node/NAME (instead of the NAME argument).")
  String at;

  @Option(names = {"-f", "--force"}, description = "Deprecated, as in Rust: it has no effect.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    if (force) {
      Terminal.notice(Fmt.warn("--force is deprecated. This flag has no effect"));
    }
    String node = NodeResolver.nodeArgument(name, at);
    try (NodeRows c = NodeRows.open()) {
      NodeRecord r = c.record(node);
      String st = NodeClient.localStatus(r);
      if (!st.equals("running")) {
        throw new ExitCodes.CliException(ExitCodes.FAILURE, "node '" + r.name() + "' is not running (" + st + ")");
      }
      NodeCommand.stopNode(c, r);
      Terminal.write(Output.of().plain(Fmt.ok("The node with name " + r.name() + " was stopped")));
      return ExitCodes.OK;
    }
  }
}
