package io.ockamj.cli;

import io.ockamj.cli.terminal.Output;
import io.ockamj.cli.terminal.Terminal;
import io.ockamj.crypto.identity.Identifier;
import io.ockamj.store.NodeRecord;
import io.ockamj.verticles.nodemanager.NodeManagerClient;
import io.ockamj.verticles.nodemanager.NodeStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code ockam node ...}: create, run and manage local nodes. Nodes run as background processes
 * (unless {@code --foreground}); their records (pid, listener, identity, configuration) live in the
 * store under {@code $OCKAM_HOME}, their output in {@code $OCKAM_HOME/nodes/NAME/}.
 */
@Command(name = "node", description = "Create, list, show, stop, start and delete local nodes.", mixinStandardHelpOptions = true)
final class NodeCommand {

  /**
   * The subcommands, in the order the help lists them. {@link Main} adds them (only the one a command
   * line names, when it names one): in the annotation, picocli would build the model of every one.
   */
  static Map<String, Class<?>> subcommands() {
    return Subcommands.ALL;
  }

  /** In a holder: a command that calls a helper of this class does not read the annotations. */
  private static final class Subcommands {
    static final Map<String, Class<?>> ALL = Main.subcommands(NodeCreateCommand.class, NodeListCommand.class,
      NodeShowCommand.class, NodeStopCommand.class, NodeStartCommand.class, NodeDeleteCommand.class, NodeLogsCommand.class,
      NodeDefaultCommand.class, NodeConsoleCommand.class);
  }

  static final Duration API_TIMEOUT = Duration.ofSeconds(5);

  private NodeCommand() {
  }

  static String shortId(String identifier) {
    return identifier.length() > 13 ? identifier.substring(0, 13) + "…" : identifier;
  }

  static void print(JsonObject o) {
    Terminal.write(Output.of().json(o));
  }


  private static final String ALREADY_RUNNING = "' has already been created and is running (pid ";

  /** {@code node create} of a name whose node runs. */
  static ExitCodes.CliException alreadyRunning(NodeRecord r) {
    return new ExitCodes.CliException(ExitCodes.FAILURE, "node '" + r.name() + ALREADY_RUNNING
      + r.pid() + "); stop it with 'ockam node stop " + r.name() + "' to create it again, or choose another name");
  }

  /** @return whether a node process's error is {@link #alreadyRunning} (reported as this command's own) */
  static boolean isAlreadyRunning(String error) {
    return error.startsWith("node '") && error.contains(ALREADY_RUNNING);
  }

  /** The arguments of {@code node create NAME --foreground} (after the name) that start a new node. */
  static List<String> createArgs(String tcpListenerAddress, String identity, List<Identifier> trust, List<Identifier> admins) {
    List<String> args = new ArrayList<>(List.of("--tcp-listener-address", tcpListenerAddress));
    if (identity != null) {
      args.addAll(List.of("--identity", identity));
    }
    trust.forEach(t -> args.addAll(List.of("--trust", t.toString())));
    admins.forEach(a -> args.addAll(List.of("--admin", a.toString())));
    return args;
  }

  /** The arguments that start a stored node again with its configuration: same identity, same listener. */
  static List<String> startArgs(NodeRecord r) {
    JsonObject cfg = r.config();
    String listener = r.tcpListenerAddress() != null ? r.tcpListenerAddress() : cfg.getString("tcp_listener_address", "127.0.0.1:0");
    List<String> args = new ArrayList<>(List.of("--tcp-listener-address", listener));
    if (cfg.getString("identity") != null) {
      args.addAll(List.of("--identity", cfg.getString("identity")));
    }
    for (Object t : cfg.getJsonArray("trust", new JsonArray())) {
      args.addAll(List.of("--trust", t.toString()));
    }
    for (Object a : cfg.getJsonArray("admins", new JsonArray())) {
      args.addAll(List.of("--admin", a.toString()));
    }
    args.addAll(NodeTrust.argsFromConfig(cfg));
    if (cfg.getString(NodeConsoleCommand.CONFIG_KEY) != null) {
      // the same port again, so that open pages reconnect to the restarted node
      args.add("--console=" + cfg.getString(NodeConsoleCommand.CONFIG_KEY));
    }
    args.addAll(NodeHttp.args(NodeHttp.port(cfg)));
    return args;
  }

  /**
   * Fails unless a local identity has this name.
   *
   * @param prefix put before the message (where the name came from), or {@code ""}
   */
  static void requireIdentity(NodeClient c, String identity, String prefix) throws Exception {
    if (c.await(c.identities.get(identity)).isEmpty()) {
      throw new ExitCodes.CliException(ExitCodes.FAILURE, prefix + "no identity named '" + identity
        + "'; create it with 'ockam identity create " + identity + "'");
    }
  }

  static List<Identifier> identifiers(String option, List<String> values) {
    List<Identifier> out = new ArrayList<>();
    if (values != null) {
      for (String v : values) {
        try {
          out.add(Identifier.parse(v.trim()));
        } catch (RuntimeException e) {
          throw new ExitCodes.CliException(ExitCodes.USAGE, "invalid " + option + " '" + v + "': " + e.getMessage());
        }
      }
    }
    return out;
  }

  /** Starts the node process, waits until it answers its API, and prints it. */
  static int launch(NodeClient c, String name, List<String> args, Duration timeout, boolean json, String verb) throws Exception {
    return launchStarted(c, name, NodeProcesses.spawn(name, args), timeout, json, verb);
  }

  /** Waits until a started node process answers its API, and prints it. */
  static int launchStarted(NodeClient c, String name, NodeProcesses.Started started, Duration timeout, boolean json, String verb)
      throws Exception {
    // its resources only when they are printed: off a terminal the machine form (the name) is
    Terminal.write(startedOutput(name, verb, awaitRunning(c, name, started, timeout, json)));
    return ExitCodes.OK;
  }

  /**
   * What {@code node create} and {@code node start} print for a node that runs ({@code ockam run}
   * prints the same).
   *
   * @param name the node
   * @param verb {@code created} or {@code started}
   * @param running the node, with its resources if the JSON is to be printed
   * @return its text, machine form (the name) and JSON
   */
  static Output startedOutput(String name, String verb, Running running) {
    NodeStatus status = running.status();
    NodeRecord r = running.record();
    String console = r.config().getString(NodeConsoleCommand.CONFIG_KEY);
    return Output.of()
      .plain(startedText(name, verb, status.tcpListenerAddress(), status.identifier(), status.pid())
        + (console == null ? "" : "\n  console     " + console + " (log in: ockam node console " + name + ")"))
      .machine(name)
      .json(NodeOutput.resources(r, status.status(), running.live()));
  }

  /** Prints a started node as {@link #launchStarted} does, from what its ready line and record say (no JSON form). */
  static void printStarted(String name, String verb, String address, String identifier, long pid) {
    Terminal.write(Output.of().plain(startedText(name, verb, address, identifier, pid)).machine(name));
  }

  private static String startedText(String name, String verb, String address, Object identifier, Object pid) {
    return "Node " + name + " " + verb + " and running\n"
      + "  address     " + address + "\n"
      + "  identifier  " + identifier + "\n"
      + "  pid         " + pid;
  }

  /** A started node that answers its API: its record once ready, its status and, if asked, its resources. */
  record Running(NodeRecord record, NodeStatus status, NodeOutput.Live live) {
  }

  /**
   * Waits until a node process that {@link NodeProcesses#spawn} started is ready and answers its API;
   * a node whose API does not answer is stopped again.
   *
   * @return the node's status, from its API
   */
  static NodeStatus awaitRunning(NodeClient c, String name, NodeProcesses.Started started, Duration timeout) throws Exception {
    return awaitRunning(c, name, started, timeout, false).status();
  }

  /**
   * As {@link #awaitRunning(NodeClient, String, NodeProcesses.Started, Duration)}, and with
   * {@code resources} asks for the node's resources over the same API connection (one secure
   * channel handshake for both).
   */
  static Running awaitRunning(NodeClient c, String name, NodeProcesses.Started started, Duration timeout, boolean resources)
      throws Exception {
    NodeProcesses.Ready ready = NodeProcesses.awaitReady(name, started, timeout);
    NodeRecord r = c.record(name);
    NodeManagerClient api = null;
    NodeStatus status;
    try {
      api = c.await(c.api(r, API_TIMEOUT));
      status = c.await(api.node());
    } catch (Exception e) {
      if (api != null) {
        c.await(api.close().otherwiseEmpty());
      }
      NodeProcesses.stop(ready.pid(), Duration.ofSeconds(5));
      throw new ExitCodes.CliException(ExitCodes.FAILURE, "node " + name + " started but its API did not answer ("
        + ExitCodes.describe(e) + "); it was stopped, see 'ockam node logs " + name + "'");
    }
    try {
      return new Running(r, status, resources ? NodeOutput.ask(c, api, r, status) : NodeOutput.Live.NONE);
    } finally {
      c.await(api.close().otherwiseEmpty());
    }
  }

  /** Status of a node: stopped/died from the record, running/unresponsive from its API. */
  static Future<String> liveStatus(NodeClient c, NodeRecord r) {
    String local = NodeClient.localStatus(r);
    if (!local.equals("running")) {
      return Future.succeededFuture(local);
    }
    return c.status(r, API_TIMEOUT).map(s -> s.status()).otherwise("unresponsive");
  }

  static JsonObject toJson(NodeRecord r, String status) {
    return new JsonObject().put("name", r.name()).put("status", status).put("address", r.tcpListenerAddress())
      .put("pid", status.equals("stopped") ? null : r.pid()).put("identifier", r.identifier()).put("is_default", r.isDefault())
      .put("created_at", r.createdAt() == null ? null : r.createdAt().toString()).put("config", r.config());
  }

  /** Stops a node's process and clears its pid. */
  static void stopNode(NodeRows rows, NodeRecord r) throws Exception {
    if (NodeClient.alive(r)) {
      boolean clean = NodeProcesses.stop(r.pid(), Duration.ofSeconds(10));
      if (!clean) {
        System.err.println("warning: node " + r.name() + " did not stop within 10 s and was killed");
      }
    }
    if (r.pid() != null) {
      // one connection, and node delete --all stops nodes on several threads
      synchronized (rows) {
        rows.clearPid(r.name(), r.pid());
      }
    }
  }

  static void deleteNode(NodeRows rows, NodeRecord r) throws Exception {
    stopNode(rows, r);
    synchronized (rows) {
      rows.delete(r.name());
    }
    deleteTree(NodeProcesses.nodeDir(r.name()));
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
