package io.ockamj.cli;

import io.ockamj.cli.terminal.Fmt;
import io.ockamj.cli.terminal.Output;
import io.ockamj.cli.terminal.Terminal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ockam node logs}: as Rust 0.139, the path of the node's log file (so that
 * {@code tail -f "$(ockam node logs n1)"} works); printing its last lines or the log directory is ours.
 */
@Command(name = "logs", mixinStandardHelpOptions = true,
  description = {"Print the path of a background node's log file: stderr.log in the node's directory, which holds its log"
    + " lines (stdout.log holds only the line saying it is ready). Through a pipe the bare path, with --output json {\"path\"}.",
    "Example: tail -f \"$(ockam node logs n1)\""})
final class NodeLogsCommand implements Callable<Integer> {

  private static final long MAX_READ = 4L << 20;

  @Parameters(index = "0", arity = "0..1", paramLabel = "NODE_NAME", description = "Name of the node to retrieve the logs from (default: the default node).")
  String name;

  @Option(names = "--at", paramLabel = "NODE", description = "The node, as NAME or /node/NAME (instead of the NAME argument) (ours).")
  String at;

  @Option(names = {"-n", "--lines"}, paramLabel = "N",
    description = "Print the last N lines of the log instead of its path; JSON {path, lines} (ours).")
  Integer lines;

  @Option(names = "--stdout", description = "Use the node's stdout.log instead of stderr.log (ours).")
  boolean stdout;

  @Option(names = "--path", description = "Print the node's log directory instead (ours).")
  boolean path;

  @Override
  public Integer call() throws Exception {
    if (lines != null && lines < 0) {
      throw new ExitCodes.CliException(ExitCodes.USAGE, "invalid value '" + lines + "' for '--lines': at least 0");
    }
    String n;
    String node = NodeResolver.nodeArgument(name, at);
    try (NodeClient c = NodeClient.open()) {
      n = c.record(node).name();
    }
    Path dir = NodeProcesses.nodeDir(n);
    if (path) {
      Terminal.write(Output.of().plain(Fmt.ok("The path for the log directory is: " + dir)).machine(dir)
        .json(new JsonObject().put("path", dir.toString())));
      return ExitCodes.OK;
    }
    Path file = stdout ? NodeProcesses.stdout(n) : NodeProcesses.stderr(n);
    if (!Files.isRegularFile(file)) {
      // Rust's error when the node directory has no log file (NotFound: exit 70)
      throw new ExitCodes.CliException(ExitCodes.NOT_FOUND, "there is no log file for the node " + n
        + " (" + file + " does not exist: the node never ran in the background)");
    }
    if (lines == null) {
      // Rust's forms: the text, the bare path through a pipe, {"path"} as JSON
      Terminal.write(Output.of().plain(Fmt.ok("The path for the log file is: " + file)).machine(file.toString())
        .json(new JsonObject().put("path", file.toString())));
      return ExitCodes.OK;
    }
    List<String> all = readEnd(file);
    List<String> tail = all.subList(Math.max(0, all.size() - lines), all.size());
    // ours: the lines as they are, on a terminal and through a pipe; {path, lines} with --output json
    String text = String.join("\n", tail);
    Terminal.write(Output.of().plain(text).machine(text)
      .json(new JsonObject().put("path", file.toString()).put("lines", new JsonArray(new ArrayList<>(tail)))));
    return ExitCodes.OK;
  }

  /** At most the last {@link #MAX_READ} bytes of the file, as lines (a long log is not read whole). */
  private static List<String> readEnd(Path file) throws java.io.IOException {
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "r")) {
      long start = Math.max(0, f.length() - MAX_READ);
      byte[] buf = new byte[(int) (f.length() - start)];
      f.seek(start);
      f.readFully(buf);
      List<String> out = new ArrayList<>(new String(buf, StandardCharsets.UTF_8).lines().toList());
      if (start > 0 && !out.isEmpty()) {
        out.remove(0); // a partial line
      }
      return out;
    }
  }
}
