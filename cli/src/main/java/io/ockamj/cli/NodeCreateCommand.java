package io.ockamj.cli;

import io.ockamj.cli.terminal.Terminal;
import io.ockamj.crypto.identity.Identifier;
import io.ockamj.store.NodeRecord;
import io.ockamj.verticles.transport.tcp.TcpTransport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code ockam node create}. */
@Command(name = "create", mixinStandardHelpOptions = true,
  description = {"Create a node and start it in the background; print its name, address and identifier once it answers.",
    "The node serves echo, uppercase and hop, a secure channel listener 'api', and the node-manager API"
      + " (reachable only through a secure channel from its administrators).",
    "With --foreground the node runs in this process until it is interrupted.",
    "The name of a stopped (or died) node can be given again: the new node replaces it, without its outlets, inlets"
      + " and relays (use 'ockam node start NAME' to run it again with them). Names have letters, digits, '_' and '-'.",
    "Given a configuration file instead of a name (an argument ending in .yaml, .yml or .json), it does what"
      + " 'ockam run FILE' does: creates the nodes the file describes with their relays, outlets and inlets.",
    "(ours) A background node starts in the home's spare node process when one is ready (a JVM started after the"
      + " last node, warmed up and waiting for up to OCKAM_SPARE_NODE_IDLE, default 60s); OCKAM_SPARE_NODE=0 turns"
      + " spares off."})
final class NodeCreateCommand implements Callable<Integer> {

  /** {@code --tcp-listener-address}'s default. */
  static final String DEFAULT_TCP_LISTENER_ADDRESS = "127.0.0.1:0";
  /** {@code --timeout}'s default. */
  static final String DEFAULT_TIMEOUT = "60s";

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME|FILE",
    description = "Name of the node (default: a random name such as swift-otter, as Rust), or a configuration file (.yaml, .yml or .json; see 'ockam run --help').")
  String name;

  @Option(names = {"-f", "--foreground"}, description = "Run the node in this process until it is interrupted.")
  boolean foreground;

  @Option(names = "--child-process", hidden = true, description = "Started by 'node create' or 'node start'.")
  boolean childProcess;

  @Option(names = "--replace-stopped", hidden = true, description = "Started by 'node create' without looking at the node"
    + " table: a stopped node of this name is replaced (its record with its outlets, inlets and relays); a running one is"
    + " an error.")
  boolean replaceStopped;

  @Option(names = {"-e", "--exit-on-eof"}, description = "When running a node in foreground mode, exit the process when"
    + " receiving EOF on stdin.")
  boolean exitOnEof;

  @Option(names = {"-s", "--skip-is-running-check"}, description = "Do not raise an error if the node is already running"
    + " (for environments where the PID is constant, e.g. Kubernetes): its record is replaced.")
  boolean skipIsRunningCheck;

  @Option(names = {"-t", "--tcp-listener-address"}, defaultValue = DEFAULT_TCP_LISTENER_ADDRESS, paramLabel = "HOST:PORT",
    description = "Address of the node's TCP listener; port 0 picks a free port (default: ${DEFAULT-VALUE}).")
  String tcpListenerAddress;

  @Option(names = "--identity", paramLabel = "NAME",
    description = "Identity the node proves in secure channels (default: the default identity, created on first use).")
  String identity;

  @Option(names = {"--http-server", "--enable-http-server"},
    description = "Enable the node's HTTP server on a free port of 127.0.0.1: health at / (200 when up), the node at /show,"
      + " and (ours) metrics at /metrics unless OCKAM_METRICS=off. To choose the port use --http-server-port.")
  boolean httpServer;

  @Option(names = "--http-server-port", paramLabel = "PORT", description = "Enable the HTTP server at the given port.")
  Integer httpServerPort;

  @Option(names = "--trust", paramLabel = "IDENTIFIER",
    description = "Accept secure channels only from these identities, and the administrators (repeatable; default: any identity that proves itself).")
  List<String> trusted;

  @Option(names = "--admin", paramLabel = "IDENTIFIER",
    description = "Also let this identity use the node-manager API (repeatable). The node's identity and the default identity always can.")
  List<String> admins;

  @Option(names = "--timeout", defaultValue = DEFAULT_TIMEOUT, converter = Durations.class,
    description = "How long to wait for a background node to answer (default: ${DEFAULT-VALUE}).")
  Duration timeout;


  @Option(names = {"--configuration", "--node-config"}, paramLabel = "YAML",
    description = "Inline node configuration (YAML or JSON): name, tcp-listener-address, identity, relays, tcp-outlets, tcp-inlets, variables.")
  String configuration;

  @Option(names = "--enrollment-ticket", paramLabel = "ENROLLMENT TICKET",
    description = "A path or inlined hex-encoded enrollment ticket (default: $" + TicketEnrollment.ENV + "): the node's identity"
      + " is enrolled with the ticket's project (as 'ockam project enroll') and the node starts with that project,"
      + " presenting its member credential. URLs are refused (ours): this command never downloads a ticket.")
  String enrollmentTicket;

  @Option(names = "--variable", paramLabel = "VARIABLE",
    description = "KEY=VALUE for $KEY in the node configuration; over the environment and the configuration's 'variables' (repeatable).")
  List<String> variables;

  @picocli.CommandLine.Mixin
  TrustOptions trustOptions = new TrustOptions();
  @Option(names = "--console", arity = "0..1", paramLabel = "HOST:PORT", preprocessor = NodeConsoleCommand.OptionalAddress.class,
    description = "(ours) Serve the node's web console on HOST:PORT (default 127.0.0.1 on a free port); "
      + "'ockam node console NAME' prints its login URL.")
  String console;

  @Override
  public Integer call() throws Exception {
    boolean json = Terminal.json();
    java.util.Map<String, String> vars = NodeConfiguration.variables(variables);
    if (configuration != null) {
      if (name != null) {
        NodeClient.checkName(name);
      }
      refuseNodeOptions("--configuration");
      String text = NodeConfiguration.resolve(configuration, vars, System::getenv);
      return RunCommand.run(NodeConfiguration.toRunConfig("--configuration", text, name), timeout, json);
    }
    if (name != null && RunConfig.looksLikeFile(name)) {
      refuseNodeOptions("a configuration file ('" + name + "')");
      String text = NodeConfiguration.resolve(RunConfig.read(name), vars, System::getenv);
      return RunCommand.run(NodeConfiguration.toRunConfig(name, text, null), timeout, json);
    }
    if (name == null) {
      name = freeRandomName();
    }
    NodeClient.checkName(name);
    try {
      TcpTransport.splitHostPort(tcpListenerAddress);
    } catch (RuntimeException e) {
      throw new ExitCodes.CliException(ExitCodes.USAGE, e.getMessage());
    }
    List<Identifier> trust = NodeCommand.identifiers("--trust", trusted);
    List<Identifier> extraAdmins = NodeCommand.identifiers("--admin", admins);
    Integer httpPort = NodeHttp.port(httpServer, httpServerPort);
    if (exitOnEof && !foreground) {
      throw new ExitCodes.CliException(ExitCodes.USAGE, "--exit-on-eof needs --foreground");
    }
    if (enrollmentTicket == null && !childProcess) {
      // a node process inherits the variable: only the command that starts it enrolls
      enrollmentTicket = System.getenv(TicketEnrollment.ENV);
    }
    if (enrollmentTicket != null && !enrollmentTicket.isBlank()) {
      // as Rust: enroll first, then create the node with the ticket's project
      io.ockamj.verticles.authority.EnrollmentTicket ticket = TicketEnrollment.read(enrollmentTicket);
      String project = TicketEnrollment.projectName(ticket);
      if (trustOptions.project != null && !trustOptions.project.equals(project)) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, "--project " + trustOptions.project + " is not the project of the"
          + " enrollment ticket (" + project + ")");
      }
      trustOptions.project = TicketEnrollment.enroll(ticket, identity, timeout);
    }
    if (foreground) {
      return new NodeForeground(name, tcpListenerAddress, identity, trust, extraAdmins, childProcess, console, httpPort)
        .withTrust(trustOptions).exitOnEof(exitOnEof).skipIsRunningCheck(skipIsRunningCheck).replaceStopped(replaceStopped).run();
    }
    List<String> args = new ArrayList<>(NodeCommand.createArgs(tcpListenerAddress, identity, trust, extraAdmins));
    args.addAll(NodeTrust.args(trustOptions));
    args.addAll(NodeHttp.args(httpPort));
    if (console != null) {
      args.add("--console=" + console);
    }
    NodeProcesses.Started early;
    if (identity == null && !skipIsRunningCheck && SpareNodes.waiting()) {
      // a spare process is ready: the node checks its name in the node table itself (where SQLite is
      // loaded already), and this command does not load SQLite for it
      List<String> replacing = new ArrayList<>(args);
      replacing.add("--replace-stopped");
      early = NodeProcesses.spawn(name, replacing);
    } else {
      early = spawnEarly(args);
    }
    if (early != null && !json && console == null) {
      return reportReady(early);
    }
    try (NodeClient c = NodeClient.open()) {
      if (early != null) {
        return NodeCommand.launchStarted(c, name, early, timeout, json, "created");
      }
      Optional<NodeRecord> existing = c.find(name);
      if (existing.isPresent() && NodeClient.localStatus(existing.get()).equals("running") && !skipIsRunningCheck) {
        throw NodeCommand.alreadyRunning(existing.get());
      }
      if (identity != null) {
        NodeCommand.requireIdentity(c, identity, "");
      }
      if (existing.isPresent()) {
        // as in Rust Ockam, a stopped (or died) node's name is taken again: the new node replaces its
        // record, with its TCP outlets, inlets and relays; its logs go on in the same directory
        c.await(c.store.nodes().delete(name));
      }
      return NodeCommand.launch(c, name, args, timeout, json, "created");
    } catch (Exception | Error e) {
      if (early != null && early.process().isAlive()) {
        // this command failed before it could report the node: it does not stay behind unreported
        early.process().destroy();
      }
      throw e;
    }
  }

  /**
   * Starts the node process at once when the database is up to date and names no node of this
   * name, and no --identity is to be checked: the node then boots while this command opens its own
   * local state, to talk to it (on 2 cores, a good part of a node create). Otherwise (a stopped
   * node's record to replace first, no database yet) nothing is started here.
   *
   * @return the started process, or {@code null}
   */
  private NodeProcesses.Started spawnEarly(List<String> args) {
    if (identity != null) {
      return null;
    }
    Optional<NodeTable> table = NodeTable.open();
    if (table.isEmpty()) {
      return null;
    }
    try (NodeTable t = table.get()) {
      Optional<NodeRecord> existing = t.get(name);
      if (existing.isPresent()) {
        if (NodeClient.localStatus(existing.get()).equals("running") && !skipIsRunningCheck) {
          throw NodeCommand.alreadyRunning(existing.get());
        }
        return null;
      }
    } catch (java.sql.SQLException e) {
      return null;
    }
    return NodeProcesses.spawn(name, args);
  }

  /**
   * The common case without a local node client (no Vert.x, no vault in this process): the node
   * prints its ready line only once its listener, secure channel listener and API are up and its
   * record is stored, so the line and the record say all the text and the machine form print. The
   * JSON form (the node's services, from its API) and the console's address take the full path.
   */
  private int reportReady(NodeProcesses.Started early) throws Exception {
    NodeProcesses.Ready ready;
    try {
      ready = NodeProcesses.awaitReady(name, early, timeout);
    } catch (Exception | Error e) {
      if (early.process().isAlive()) {
        early.process().destroy();
      }
      throw e;
    }
    long pid = ready.pid();
    // a spare process is the node; a new one may be setsid's child (where setsid forks): its record says
    Optional<NodeTable> table = early.process() instanceof SpareNodes.Taken ? Optional.empty() : NodeTable.open();
    if (table.isPresent()) {
      try (NodeTable t = table.get()) {
        pid = t.get(name).map(NodeRecord::pid).orElse(pid);
      }
    }
    NodeCommand.printStarted(name, "created", ready.address(), ready.identifier(), pid);
    return ExitCodes.OK;
  }

  /**
   * As Rust's {@code node create} without a name: a random two-word name ({@link RandomNames}), here
   * one that no node of this home has yet (an unnamed create never replaces a stopped node).
   */
  private static String freeRandomName() {
    String candidate = RandomNames.next();
    Optional<NodeTable> table = NodeTable.open();
    if (table.isEmpty()) {
      return candidate;
    }
    try (NodeTable t = table.get()) {
      for (int i = 0; i < 20 && t.get(candidate).isPresent(); i++) {
        candidate = RandomNames.next();
      }
    } catch (java.sql.SQLException e) {
      // the full path checks the name again
    }
    return candidate;
  }

  /** The options that describe one node belong in the configuration instead. */
  private void refuseNodeOptions(String what) {
    for (String option : List.of("--foreground", "--tcp-listener-address", "--identity", "--trust", "--admin", "--child-process",
      "--console", "--http-server", "--http-server-port", "--enrollment-ticket")) {
      if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, option + " cannot be used with " + what
          + "; set it in the configuration, or give a node name instead");
      }
    }
  }
}
