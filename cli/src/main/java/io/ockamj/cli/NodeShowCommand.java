package io.ockamj.cli;

import io.ockamj.cli.terminal.Output;
import io.ockamj.cli.terminal.Terminal;
import io.ockamj.store.NodeRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code ockam node show}. */
@Command(name = "show", mixinStandardHelpOptions = true,
  description = "Show a node: status, address, identity, and (if it runs) its services, listeners and secure channels.")
final class NodeShowCommand implements Callable<Integer> {

  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The node, as NAME or /node/NAME (default: the default node).")
  String name;

  @Option(names = "--at", paramLabel = "NODE", description = "The node, as NAME or /node/NAME (instead of the NAME argument).")
  String at;


  @Override
  public Integer call() throws Exception {
    boolean json = Terminal.json();
    String node = NodeResolver.nodeArgument(name, at);
    try (NodeClient c = NodeClient.open()) {
      // as Rust: with no node at all, a success that says so (JSON []); a name not found fails (70)
      if (ShowFlow.nothingToShow("nodes", null, c.records())) {
        return ExitCodes.OK;
      }
      NodeRecord r = c.record(node);
      String status = NodeClient.localStatus(r);
      NodeOutput.Live live = NodeOutput.Live.NONE;
      if (status.equals("running")) {
        live = NodeOutput.ask(c, r);
        if (live.status() == null) {
          status = "unresponsive";
        }
      }
      Terminal.write(Output.of().plain(NodeOutput.plain(r, status, live)).json(NodeOutput.resources(r, status, live)));
      return ExitCodes.OK;
    }
  }
}
