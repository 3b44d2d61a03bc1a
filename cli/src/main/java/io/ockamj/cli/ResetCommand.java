package io.ockamj.cli;

import io.ockamj.store.NodeRecord;
import io.ockamj.store.OckamHome;
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

  @Override
  public Integer call() throws Exception {
    Path home = OckamHome.resolve().directory();
    if (!Files.isDirectory(home)) {
      System.out.println("Nothing to reset: " + home + " does not exist");
      return ExitCodes.OK;
    }
    if (!yes) {
      Console console = System.console();
      if (console == null) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, "reset deletes everything in " + home + "; pass --yes to confirm");
      }
      String answer = console.readLine("Delete all local state in %s (identities, keys, nodes)? [y/N] ", home);
      if (answer == null || !answer.trim().toLowerCase(java.util.Locale.ROOT).startsWith("y")) {
        System.out.println("Nothing deleted.");
        return ExitCodes.OK;
      }
    }
    int stopped = 0;
    if (Files.exists(OckamHome.resolve().database())) {
      try (NodeClient c = NodeClient.open()) {
        List<NodeRecord> nodes = c.records();
        for (NodeRecord r : nodes) {
          if (r.pid() != null && NodeClient.alive(r.pid())) {
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
    System.out.println("Reset " + home + (stopped > 0 ? " (stopped " + stopped + " node" + (stopped == 1 ? "" : "s") + ")" : ""));
    return ExitCodes.OK;
  }
}
