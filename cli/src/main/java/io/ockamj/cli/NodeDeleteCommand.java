package io.ockamj.cli;

import io.ockamj.store.NodeRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ockam node delete}. */
@Command(name = "delete", mixinStandardHelpOptions = true, description = "Stop and delete a node (or all nodes), with its logs.")
final class NodeDeleteCommand implements Callable<Integer> {

  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The node, as NAME or /node/NAME.")
  String name;

  @Option(names = "--at", paramLabel = "NODE", description = "The node, as NAME or /node/NAME (instead of the NAME argument).")
  String at;

  @Option(names = "--all", description = "Delete every node.")
  boolean all;

  @Override
  public Integer call() throws Exception {
    String node = NodeResolver.nodeArgument(name, at);
    if ((node == null) == !all) {
      throw new ExitCodes.CliException(ExitCodes.USAGE, "name a node to delete, or pass --all");
    }
    try (NodeClient c = NodeClient.open()) {
      List<NodeRecord> targets = all ? c.records() : List.of(c.record(node));
      for (NodeRecord r : targets) {
        NodeCommand.deleteNode(c, r);
        System.out.println("Deleted node " + r.name());
      }
      if (targets.isEmpty()) {
        System.out.println("No nodes to delete.");
      }
      return ExitCodes.OK;
    }
  }
}
