package io.ockamj.cli;

import io.ockamj.cli.terminal.Fmt;

import io.ockamj.cli.terminal.Output;
import io.ockamj.cli.terminal.Terminal;
import io.ockamj.store.NodeRecord;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
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

  @Option(names = {"-y", "--yes"}, description = "Confirm the deletion without prompting.")
  boolean yes;

  @Option(names = {"-f", "--force"}, description = "[DEPRECATED] Ignored; nodes are stopped with SIGTERM, then killed if they do not stop.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    String node = NodeResolver.nodeArgument(name, at);
    if ((node == null) == !all) {
      throw new ExitCodes.CliException(ExitCodes.USAGE, "name a node to delete, or pass --all");
    }
    if (force) {
      System.err.println("warning: --force is deprecated and has no effect");
    }
    try (NodeClient c = NodeClient.open()) {
      List<NodeRecord> targets = all ? c.records() : List.of(c.record(node));
      if (!targets.isEmpty() && !Confirmation.confirmed(yes, all ? "Are you sure you want to delete all nodes?"
          : "Are you sure you want to delete the node " + node + "?")) {
        return ExitCodes.OK;
      }
      deleteAll(c, targets);
      if (targets.isEmpty()) {
        Terminal.write(Output.of().plain(Fmt.info("There are no nodes to delete")).json(new io.vertx.core.json.JsonArray()));
      } else if (targets.size() == 1) {
        String n = targets.get(0).name();
        Terminal.write(Output.of().plain("The node with name " + n + " has been deleted").machine(n)
          .json(new JsonObject().put("name", n)));
      } else {
        Terminal.write(Output.of().plain(String.join("\n", targets.stream().map(r -> "The node with name " + r.name()
          + " has been deleted").toList())).machine(String.join("\n", targets.stream().map(NodeRecord::name).toList()))
          .json(new JsonArray(targets.stream().map(r -> new JsonObject().put("name", r.name())).toList())));
      }
      return ExitCodes.OK;
    }
  }

/** Deletes nodes in parallel: each stop waits for its process to exit, which takes a while under load. */
static void deleteAll(NodeClient c, List<NodeRecord> targets) throws Exception {
  if (targets.size() <= 1) {
    for (NodeRecord r : targets) {
      NodeCommand.deleteNode(c, r);
    }
    return;
  }
  java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(Math.min(8, targets.size()));
  try {
    List<java.util.concurrent.Future<Void>> done = new ArrayList<>();
    for (NodeRecord r : targets) {
      done.add(pool.submit(() -> {
        NodeCommand.deleteNode(c, r);
        return null;
      }));
    }
    for (java.util.concurrent.Future<Void> f : done) {
      f.get();
    }
  } finally {
    pool.shutdownNow();
  }
}
}
