package io.ockamj.cli;

import io.ockamj.cli.terminal.Fmt;
import io.ockamj.cli.terminal.Output;
import io.ockamj.cli.terminal.Terminal;
import io.ockamj.store.NodeRecord;
import io.ockamj.store.OckamHome;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code ockam reset}: stop every node and delete all local state (the contents of the state directory).
 */
@Command(name = "reset", mixinStandardHelpOptions = true,
  description = {"Stop all local nodes and delete all local state: identities, keys, credentials, nodes and logs.",
    "Asks for confirmation on a terminal; pass --yes otherwise."})
final class ResetCommand implements Callable<Integer> {

  @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
  boolean yes;

  @Option(names = "--all", description = "Also remove your spaces from the Orchestrator (there is none for this local-only CLI:"
    + " the same as without it).")
  boolean all;

  @Override
  public Integer call() throws Exception {
    Path home = OckamHome.resolve().directory();
    if (!Files.isDirectory(home)) {
      write(home, 0);
      return ExitCodes.OK;
    }
    if (!yes) {
      Console console = System.console();
      if (console == null) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, "reset deletes everything in " + home + "; pass --yes to confirm");
      }
      String answer = console.readLine("This will delete the local Ockam configuration (%s). Are you sure? [y/N] ", home);
      if (answer == null || !answer.trim().toLowerCase(java.util.Locale.ROOT).startsWith("y")) {
        return ExitCodes.OK;
      }
    }
    int stopped = 0;
    if (Files.exists(OckamHome.resolve().database())) {
      try (NodeClient c = NodeClient.open()) {
        List<NodeRecord> nodes = c.records();
        for (NodeRecord r : nodes) {
          if (NodeClient.alive(r)) {
            NodeProcesses.stop(r.pid(), java.time.Duration.ofSeconds(10));
            stopped++;
          }
        }
      }
    }
    try (Stream<Path> s = Files.list(home)) {
      for (Path p : s.toList()) {
        NodeCommand.deleteTree(p);
      }
    } catch (IOException e) {
      throw new ExitCodes.CliException(ExitCodes.FAILURE, "cannot delete " + home + ": " + e.getMessage());
    }
    write(home, stopped);
    return ExitCodes.OK;
  }

  /** Rust's line (also through a pipe), then ours: which directory, how many nodes were stopped; the JSON is ours. */
  private static void write(Path home, int stopped) {
    String text = Fmt.ok("Local Ockam configuration deleted") + "\n" + Fmt.log("Deleted the contents of " + home
      + (stopped > 0 ? ", stopped " + stopped + " node" + (stopped == 1 ? "" : "s") : ""));
    Terminal.write(Output.of().plain(text).machine(text)
      .json(new JsonObject().put("home", home.toString()).put("stopped_nodes", stopped)));
  }
}
