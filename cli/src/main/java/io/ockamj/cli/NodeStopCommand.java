package io.ockamj.cli;

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

  @Override
  public Integer call() throws Exception {
    String node = NodeResolver.nodeArgument(name, at);
    try (NodeClient c = NodeClient.open()) {
      NodeRecord r = c.record(node);
      String st = NodeClient.localStatus(r);
      if (!st.equals("running")) {
        throw new ExitCodes.CliException(ExitCodes.FAILURE, "node '" + r.name() + "' is not running (" + st + ")");
      }
      NodeCommand.stopNode(c, r);
      System.out.println("Stopped node " + r.name());
      return ExitCodes.OK;
    }
  }
}
