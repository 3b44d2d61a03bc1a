package io.ockamj.cli;

import io.ockamj.store.NodeRecord;
import io.vertx.core.json.JsonObject;
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

  @Option(names = "--all", description = "Stop and delete every node.")
  boolean all;

  @Option(names = {"-y", "--yes"}, description = "Confirm the deletion without prompting.")
  boolean yes;

  @Option(names = {"-f", "--force"}, description = "[DEPRECATED] Ignored; nodes are stopped with SIGTERM, then killed if they do not stop.")
  boolean force;

  @Option(names = "--output", defaultValue = "plain", paramLabel = "FORMAT", description = "plain or json (default: ${DEFAULT-VALUE}).")
  String output;

  @Override
  public Integer call() throws Exception {
    boolean json = LocalState.json(output);
    String node = NodeResolver.nodeArgument(name, at);
    if (node != null && all) {
      throw new ExitCodes.CliException(ExitCodes.USAGE, "the argument NAME cannot be used with '--all'");
    }
    if (force) {
      System.err.println("warning: --force is deprecated and has no effect");
    }
    try (NodeClient c = NodeClient.open()) {
      List<NodeRecord> records = c.records();
      List<String> names = records.stream().map(NodeRecord::name).toList();
      return Confirmation.delete("node", "nodes", node, all, yes, names, json, n -> {
        NodeCommand.deleteNode(c, c.record(n));
        System.out.println(json ? new JsonObject().put("name", n).encode() : "The node with name " + n + " has been deleted");
      });
    }
  }
}
