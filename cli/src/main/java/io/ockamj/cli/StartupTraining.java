package io.ockamj.cli;

import io.ockamj.cli.terminal.Terminal;

import io.ockamj.store.OckamHome;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The training run of the class-data archive the {@code ockam} launcher makes once per build (run
 * with {@code -XX:ArchiveClassesAtExit}): in one JVM and an empty state directory it runs what short
 * commands and background nodes load, so that their classes come from the archive afterwards
 * instead of being read, verified and linked from the jar by every process. It creates the local
 * state, runs a node in this process, lists and shows it, and sends messages to it in the clear and
 * through a secure channel.
 *
 * <p>Not a command: the launcher runs this class directly, with {@code OCKAM_HOME} set to a new
 * temporary directory (it refuses a directory that holds anything). Exit code 0 when every step
 * worked; otherwise the launcher drops the archive.
 */
public final class StartupTraining {

  private static final String NODE = "cds-training";
  private static final long READY_TIMEOUT_MS = 120_000;

  private StartupTraining() {
  }

  /**
   * Runs the training.
   *
   * @param args none
   */
  public static void main(String[] args) throws Exception {
    Path home = OckamHome.resolve().directory();
    if (Files.isDirectory(home)) {
      try (Stream<Path> s = Files.list(home)) {
        if (s.findAny().isPresent()) {
          System.err.println("error: the training run needs an empty state directory, not " + home);
          System.exit(ExitCodes.USAGE);
        }
      }
    }
    PrintStream realOut = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    int failed = 0;
    try {
      failed += step("--version");
      failed += step("node", "list");
      Thread node = new Thread(() -> Main.run("node", "create", NODE, "--foreground", "--tcp-listener-address", "127.0.0.1:0"),
        "training-node");
      node.setDaemon(true);
      node.start();
      awaitReady(captured);
      for (List<String> command : List.of(
        List.of("node", "list"),
        List.of("--output", "json", "node", "list"),
        List.of("message", "send", "hi", "--to", "/node/" + NODE + "/service/echo"),
        List.of("message", "send", "hi", "--to", "/node/" + NODE + "/secure/api/service/echo"),
        List.of("node", "show", NODE),
        List.of("--output", "json", "node", "show", NODE))) {
        failed += step(command.toArray(String[]::new));
      }
      // the option models of every command (what the help and each command's parsing build)
      failed += step("--help");
      // what a background 'node create' loads and this run does not execute: its quick parse, and the
      // hand-over to a spare node process
      QuickCommands.parse(new String[] {"node", "create", "x", "--tcp-listener-address", "127.0.0.1:0"});
      Terminal.reset();
      for (String c : List.of("io.ockamj.cli.SpareNodes", "io.ockamj.cli.SpareNodes$Taken", "io.ockamj.cli.SpareNode",
        "io.ockamj.cli.NodeProcesses$Started", "io.ockamj.cli.NodeProcesses$Ready", "java.net.UnixDomainSocketAddress",
        "sun.nio.ch.UnixDomainSockets", "java.nio.channels.Channels")) {
        Class.forName(c, false, StartupTraining.class.getClassLoader());
      }
    } finally {
      System.setOut(realOut);
    }
    if (failed > 0) {
      System.err.println("error: " + failed + " training step(s) failed");
    }
    // the node in this process closes in its shutdown hook
    System.exit(failed == 0 ? ExitCodes.OK : ExitCodes.FAILURE);
  }

  /** Runs one command line; 1 if it failed. */
  private static int step(String... args) {
    int code = Main.run(args);
    if (code != ExitCodes.OK) {
      System.err.println("training step failed (" + code + "): ockam " + String.join(" ", args));
      return 1;
    }
    return 0;
  }

  /** Waits for the node's ready line on the captured standard output. */
  private static void awaitReady(ByteArrayOutputStream captured) throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + READY_TIMEOUT_MS;
    while (!captured.toString(StandardCharsets.UTF_8).contains("Node " + NODE + " is running")) {
      if (System.currentTimeMillis() > deadline) {
        throw new IOException("the training node did not start within " + READY_TIMEOUT_MS / 1000 + " s");
      }
      Thread.sleep(20);
    }
  }
}
