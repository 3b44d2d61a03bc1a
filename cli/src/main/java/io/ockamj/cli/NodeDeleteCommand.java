package io.ockamj.cli;

import io.ockamj.cli.terminal.Fmt;

import io.ockamj.cli.terminal.Output;
import io.ockamj.cli.terminal.Terminal;
import io.ockamj.store.NodeRecord;
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
          Terminal.write(deletedOutput(n));
        });
      }
      String what = records.size() > 1 ? "your " + records.size() + " nodes" : "your only node";
      if (!Confirmation.confirmed(yes, "Are you sure you want to delete " + what + "?")) {
        return ExitCodes.OK;
      }
      // ours: no spare process waits for the next node of a home without nodes
      SpareNodes.stop();
      // as Rust: what a single delete prints, for each node in turn (a JSON value each, one after the other)
      for (Deletion d : deleteAll(c, records)) {
        if (d.failure() == null) {
          Terminal.write(deletedOutput(d.node().name()));
        } else {
          // as Rust, the warning is the result (plain text only: nothing with --output json); ours: the reason on stderr
          Terminal.notice("Failed to delete node " + d.node().name() + ": " + ExitCodes.describe(d.failure()));
          Terminal.write(Output.of().plain(Fmt.warn("Failed to delete node " + d.node().name())));
        }
      }
      return ExitCodes.OK;
    }
  }

  /** What {@code node delete} prints for one deleted node, as Rust. */
  static Output deletedOutput(String name) {
    return Output.of().plain(Fmt.ok("The node with name " + name + " has been deleted")).machine(name)
      .json(new JsonObject().put("name", name));
  }

  /**
   * One node of {@link #deleteAll}.
   *
   * @param node the node
   * @param failure why it could not be deleted, or {@code null} if it was
   */
  record Deletion(NodeRecord node, Throwable failure) {
  }

  /**
   * Deletes nodes in parallel (each stop waits for its process to exit, which takes a while under load); as
   * Rust, a node that fails does not stop the others.
   *
   * @param c the local state
   * @param targets the nodes
   * @return each node, in the order given, with its failure if it was not deleted
   */
  static List<Deletion> deleteAll(NodeRows c, List<NodeRecord> targets) throws Exception {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(Math.max(1, Math.min(8, targets.size())));
    try {
      List<java.util.concurrent.Future<Void>> done = new ArrayList<>();
      for (NodeRecord r : targets) {
        done.add(pool.submit(() -> {
          NodeCommand.deleteNode(c, r);
          return null;
        }));
      }
      List<Deletion> out = new ArrayList<>();
      for (int i = 0; i < targets.size(); i++) {
        try {
          done.get(i).get();
          out.add(new Deletion(targets.get(i), null));
        } catch (java.util.concurrent.ExecutionException e) {
          out.add(new Deletion(targets.get(i), e.getCause()));
        }
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
