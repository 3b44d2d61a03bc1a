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
    if (node != null && all) {
      throw new ExitCodes.CliException(ExitCodes.USAGE, "the argument NAME cannot be used with '--all'");
    }
    if (force) {
      Terminal.notice(Fmt.warn("--force is deprecated. This flag has no effect"));
    }
    try (NodeRows c = NodeRows.open()) {
      List<NodeRecord> records = c.records();
      List<String> names = records.stream().map(NodeRecord::name).toList();
      if (!all || records.isEmpty()) {
        // Rust's delete flow: none is a success that says so (JSON []), a name not found fails (70), no name
        // and no terminal deletes nothing
        return Confirmation.delete("node", "nodes", node, false, yes, names, Terminal.json(), n -> {
          NodeCommand.deleteNode(c, c.record(n));
          Terminal.write(Output.of().plain(Fmt.ok("The node with name " + n + " has been deleted")).machine(n)
            .json(new JsonObject().put("name", n)));
        });
      }
      String what = records.size() > 1 ? "your " + records.size() + " nodes" : "your only node";
      if (!Confirmation.confirmed(yes, "Are you sure you want to delete " + what + "?")) {
        return ExitCodes.OK;
      }
      List<NodeRecord> deleted = deleteAll(c, records);
      // as Rust, a line per node; ours: the JSON is one array (Rust prints an object per node)
      Terminal.write(Output.of().plain(String.join("\n", deleted.stream().map(r -> Fmt.ok("The node with name " + r.name()
          + " has been deleted")).toList())).machine(String.join("\n", deleted.stream().map(NodeRecord::name).toList()))
        .json(new JsonArray(deleted.stream().map(r -> new JsonObject().put("name", r.name())).toList())));
      return ExitCodes.OK;
    }
  }

/**
 * Deletes nodes in parallel (each stop waits for its process to exit, which takes a while under load); as
 * Rust, a node that fails is reported ("Failed to delete node N") and the others are still deleted.
 *
 * @return the nodes deleted
 */
static List<NodeRecord> deleteAll(NodeRows c, List<NodeRecord> targets) throws Exception {
  java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(Math.max(1, Math.min(8, targets.size())));
  try {
    List<java.util.concurrent.Future<Void>> done = new ArrayList<>();
    for (NodeRecord r : targets) {
      done.add(pool.submit(() -> {
        NodeCommand.deleteNode(c, r);
        return null;
      }));
    }
    List<NodeRecord> deleted = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      try {
        done.get(i).get();
        deleted.add(targets.get(i));
      } catch (java.util.concurrent.ExecutionException e) {
        Terminal.notice(Fmt.warn("Failed to delete node " + targets.get(i).name() + ": " + ExitCodes.describe(e.getCause())));
      }
    }
    return deleted;
  } finally {
    pool.shutdownNow();
  }
}
}
