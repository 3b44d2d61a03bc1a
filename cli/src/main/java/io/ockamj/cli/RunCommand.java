package io.ockamj.cli;

import io.ockamj.cli.terminal.Fmt;
import io.ockamj.cli.terminal.Output;
import io.ockamj.cli.terminal.Terminal;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.store.NodeRecord;
import io.ockamj.verticles.nodemanager.InletStatus;
import io.ockamj.verticles.nodemanager.NodeManagerClient;
import io.ockamj.verticles.nodemanager.NodeManagerException;
import io.ockamj.verticles.nodemanager.NodeStatus;
import io.ockamj.verticles.nodemanager.PortalApi;
import io.ockamj.verticles.nodemanager.RelayApi;
import io.ockamj.verticles.nodemanager.RelayStatus;
import io.ockamj.verticles.portal.Outlet;
import io.ockamj.verticles.transport.tcp.TcpTransport;
import io.vertx.core.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code ockam run FILE}: brings up what a {@link RunConfig declarative configuration} describes, on
 * top of the same building blocks as the individual commands: identities, then the nodes (started in
 * the background, in parallel), then their relays, TCP outlets and TCP inlets through each node's API
 * (Rust's order). What it prints is what those commands print, one after the other (see {@link #run}).
 * <p>
 * Running a file again converges rather than fails: nodes that run are kept, stopped ones are started
 * with what they stored, and outlets, relays and inlets that already exist as the file describes them
 * are kept. Something that exists but differs from the file (another identity, listener, target or
 * route) is an error that says what to delete.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
  description = {"Create the identities, nodes, relays, TCP outlets and TCP inlets that a YAML or JSON file describes,"
      + " printing what each of those create commands prints.",
    "Nodes start in the background. Running the file again keeps what already runs as described and starts stopped nodes;"
      + " 'ockam node create FILE' does the same.",
    "",
    "The file: 'identities' (optional) lists identity names to create when missing; 'nodes' maps node names to:",
    "  tcp-listener-address  HOST:PORT (default 127.0.0.1:0: a free port)",
    "  identity              an identity name (default: the default identity)",
    "  tcp-outlets           OUTLET: { to: HOST:PORT }",
    "  relays                NAME: { at: RELAY_NODE }, RELAY_NODE as NAME,",
    "                        /node/NAME or a route; or a list of { name, at }",
    "  tcp-inlets            ALIAS: { from: HOST:PORT, via: RELAY, outlet: OUTLET }",
    "                        or ALIAS: { from: HOST:PORT, to: ROUTE };",
    "                        both take authorized: [IDENTIFIER, ...]",
    "With 'via', the inlet goes through that relay of the file to the outlet of the node that registered it"
      + " (OUTLET defaults to the inlet's alias) and accepts only that node's identity unless 'authorized' says otherwise."},
  footerHeading = "%nExample:%n",
  footer = {"  nodes:",
    "    relay: { tcp-listener-address: 127.0.0.1:4000 }",
    "    server:",
    "      relays: { db: { at: relay } }",
    "      tcp-outlets: { db: { to: 127.0.0.1:5432 } }",
    "    client:",
    "      tcp-inlets: { db: { from: 127.0.0.1:15432, via: db } }"})
final class RunCommand implements Callable<Integer> {

  /** How long one outlet, relay or inlet may take (an inlet waits for its route to work). */
  static final Duration RESOURCE_TIMEOUT = Duration.ofSeconds(30);

  @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The configuration: YAML (.yaml, .yml) or JSON (.json).")
  String file;

  @Option(names = "--inline", paramLabel = "CONTENTS", description = "The configuration itself, instead of a FILE.")
  String inline;

  @Option(names = "--blocking", description = "Block until all the created nodes exit; stopping this command (SIGINT, SIGTERM)"
    + " stops them too. To be used with docker or kubernetes.")
  boolean blocking;

  @Option(names = "--timeout", defaultValue = "60s", converter = Durations.class,
    description = "How long to wait for each background node to answer (default: ${DEFAULT-VALUE}).")
  Duration timeout;


  @Override
  public Integer call() throws Exception {
    boolean json = Terminal.json();
    if (file != null && inline != null) {
      throw new ExitCodes.CliException(ExitCodes.USAGE, "give a configuration FILE or --inline CONTENTS (one of them)");
    }
    if (file == null && inline == null) {
      // as Rust: ockam.yml or ockam.yaml in the current directory
      file = java.util.stream.Stream.of("ockam.yml", "ockam.yaml").filter(f -> java.nio.file.Files.isRegularFile(java.nio.file.Path.of(f)))
        .findFirst().orElseThrow(() -> new ExitCodes.CliException(ExitCodes.USAGE, "No default configuration file found in current"
          + " directory (ockam.yml or ockam.yaml); give a configuration FILE or --inline CONTENTS"));
    }
    int code;
    // $VAR and ${VAR} come from the environment, then from the configuration's 'variables' section
    if (inline != null) {
      RunConfig cfg = RunConfig.parse("--inline", NodeConfiguration.resolve(inline, java.util.Map.of(), System::getenv), false);
      code = run(cfg, timeout, json);
      return blocking ? block(cfg) : code;
    }
    String text = NodeConfiguration.resolve(RunConfig.read(file), java.util.Map.of(), System::getenv);
    RunConfig cfg = RunConfig.parse(file, text, file.toLowerCase(java.util.Locale.ROOT).endsWith(".json"));
    code = run(cfg, timeout, json);
    return blocking ? block(cfg) : code;
  }

  /** {@code --blocking}: waits for the file's nodes to exit, and stops them when this process is stopped. */
  private static int block(RunConfig cfg) throws Exception {
    // handles taken now: each knows its process's start, so that a pid the system gives again later is
    // neither waited for nor stopped
    List<ProcessHandle> nodes = new java.util.ArrayList<>();
    try (NodeClient c = NodeClient.open()) {
      for (RunConfig.NodeSpec n : cfg.nodes()) {
        io.ockamj.store.NodeRecord r = c.record(n.name());
        if (NodeClient.alive(r)) {
          ProcessHandle.of(r.pid()).ifPresent(nodes::add);
        }
      }
    }
    Thread stopper = new Thread(() -> nodes.forEach(h -> {
      try {
        NodeProcesses.stop(h, Duration.ofSeconds(10));
      } catch (Exception e) {
        System.err.println("could not stop the node with pid " + h.pid() + ": " + ExitCodes.describe(e));
      }
    }), "ockam-run-stop-nodes");
    Runtime.getRuntime().addShutdownHook(stopper);
    for (ProcessHandle h : nodes) {
      NodeProcesses.awaitEnd(h);
    }
    Runtime.getRuntime().removeShutdownHook(stopper);
    return ExitCodes.OK;
  }

  /**
   * Brings up a configuration, printing as Rust's {@code ockam run} does: in Rust's order (identities,
   * nodes, relays, TCP outlets, TCP inlets), each resource created prints what its own command
   * ({@code identity create}, {@code node create} or {@code node start}, {@code relay create},
   * {@code tcp-outlet create}, {@code tcp-inlet create}) prints, followed by an empty line on standard
   * error. So a terminal gets each command's text; a pipe each command's machine form and
   * {@code --output json} each command's JSON, one after the other without separators, as Rust writes
   * them. A failure ends the run with its error; what was created stays, as in Rust.
   * <p>
   * (ours) Something that already exists as the file describes it is kept and only noted on standard error.
   *
   * @param cfg the checked configuration
   * @param timeout how long each node may take to start
   * @param json {@code --output json}: the nodes' JSON needs their resources
   * @return the exit code
   */
  static int run(RunConfig cfg, Duration timeout, boolean json) throws Exception {
    try (NodeClient c = NodeClient.open()) {
      identities(c, cfg);
      Map<String, NodeStatus> nodes = nodes(c, cfg, timeout, json);
      for (RunConfig.NodeSpec n : cfg.nodes()) {
        if (!n.relays().isEmpty()) {
          NodeApi.session(c, n.name(), RESOURCE_TIMEOUT, api -> relays(c, cfg, api, n));
        }
      }
      for (RunConfig.NodeSpec n : cfg.nodes()) {
        if (!n.outlets().isEmpty()) {
          NodeApi.session(c, n.name(), RESOURCE_TIMEOUT, api -> outlets(c, cfg, api, n));
        }
      }
      for (RunConfig.NodeSpec n : cfg.nodes()) {
        if (!n.inlets().isEmpty()) {
          NodeApi.session(c, n.name(), RESOURCE_TIMEOUT, api -> inlets(c, cfg, api, n, nodes));
        }
      }
    }
    return ExitCodes.OK;
  }

  /** Prints what one sub-command prints, then, as Rust's run between its commands, an empty line on stderr. */
  private static void printed(Output out) {
    Terminal.write(out);
    Terminal.notice("");
  }

  /** (ours) A resource that exists as the file describes it: a notice, nothing on stdout. */
  private static void kept(String what) {
    Terminal.notice(Fmt.info(what + "; kept as it is"));
  }

  private static void identities(NodeClient c, RunConfig cfg) throws Exception {
    for (String name : cfg.identities()) {
      if (c.await(c.identities.get(name)).isPresent()) {
        kept("The identity " + name + " exists");
      } else {
        printed(IdentityCommand.Create.createdOutput(c.await(c.identities.create(name))));
      }
    }
    // nodes that start in parallel must not race to create the default identity
    c.await(c.identities.getOrCreateDefault());
  }

  /**
   * Checks every node against what exists, then starts the missing and stopped ones in parallel and
   * prints them in the file's order.
   */
  private static Map<String, NodeStatus> nodes(NodeClient c, RunConfig cfg, Duration timeout, boolean json) throws Exception {
    for (RunConfig.NodeReference ref : cfg.references()) {
      if (cfg.nodes().stream().noneMatch(n -> n.name().equals(ref.node())) && c.find(ref.node()).isEmpty()) {
        throw cfg.error(ExitCodes.NOT_FOUND, ref.path(), "there is no node named '" + ref.node()
          + "' in this file or in the local state; describe it under 'nodes' or create it with 'ockam node create " + ref.node() + "'");
      }
    }
    boolean hadDefault = c.await(c.store.nodes().getDefault()).isPresent();
    Map<String, List<String>> toStart = new LinkedHashMap<>();
    Map<String, String> verbs = new LinkedHashMap<>();
    for (RunConfig.NodeSpec n : cfg.nodes()) {
      Optional<NodeRecord> existing = c.find(n.name());
      if (existing.isEmpty()) {
        if (n.identity() != null) {
          NodeCommand.requireIdentity(c, n.identity(), cfg.file() + ": " + n.path() + ".identity: ");
        }
        toStart.put(n.name(), NodeCommand.createArgs(n.listener(), n.identity(), List.of(), List.of()));
        verbs.put(n.name(), "created");
        continue;
      }
      NodeRecord r = existing.get();
      checkSame(cfg, n, r);
      if (!NodeClient.localStatus(r).equals("running")) {
        toStart.put(n.name(), NodeCommand.startArgs(r));
        verbs.put(n.name(), "started");
      }
    }
    Map<String, NodeProcesses.Started> started = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : toStart.entrySet()) {
      started.put(e.getKey(), NodeProcesses.spawn(e.getKey(), e.getValue()));
    }
    Map<String, NodeStatus> statuses = new LinkedHashMap<>();
    Map<String, NodeCommand.Running> ran = new LinkedHashMap<>();
    Exception failure = null;
    for (RunConfig.NodeSpec n : cfg.nodes()) {
      NodeProcesses.Started s = started.get(n.name());
      try {
        if (s != null) {
          NodeCommand.Running running = NodeCommand.awaitRunning(c, n.name(), s, timeout, json);
          ran.put(n.name(), running);
          statuses.put(n.name(), running.status());
        } else {
          statuses.put(n.name(), answering(c, cfg, n));
        }
      } catch (Exception e) {
        // as Rust, the nodes before it stay and are printed; the run ends with this error
        failure = e;
        break;
      }
    }
    String first = cfg.nodes().get(0).name();
    if (!hadDefault && statuses.containsKey(first)) {
      // nodes that started together each took the default; the file's first node keeps it, as if created first
      c.await(c.store.nodes().setDefault(first));
    }
    for (Map.Entry<String, NodeStatus> e : statuses.entrySet()) {
      NodeCommand.Running running = ran.get(e.getKey());
      if (running != null) {
        // the record again: which node is the default was settled above
        NodeCommand.Running settled = new NodeCommand.Running(c.record(e.getKey()), running.status(), running.live());
        printed(NodeCommand.startedOutput(e.getKey(), verbs.get(e.getKey()), settled));
      } else {
        kept("The node " + e.getKey() + " is running, listening on " + e.getValue().tcpListenerAddress());
      }
    }
    if (failure != null) {
      throw failure;
    }
    return statuses;
  }

  /** The status of a node that was already running. */
  private static NodeStatus answering(NodeClient c, RunConfig cfg, RunConfig.NodeSpec n) throws Exception {
    try {
      return c.await(c.status(c.record(n.name()), NodeCommand.API_TIMEOUT));
    } catch (Exception e) {
      throw cfg.error(ExitCodes.UNREACHABLE, n.path(), "node '" + n.name() + "' runs but its API does not answer ("
        + ExitCodes.describe(e) + "); see 'ockam node logs " + n.name() + "', or restart it with 'ockam node stop " + n.name() + "'"
        + " and run the file again");
    }
  }

  /** A node that exists must have the identity and listener that the file asks for. */
  private static void checkSame(RunConfig cfg, RunConfig.NodeSpec n, NodeRecord r) {
    String identity = r.config().getString("identity");
    if (n.identity() != null && identity != null && !identity.equals(n.identity())) {
      throw cfg.error(ExitCodes.FAILURE, n.path() + ".identity", "node '" + n.name() + "' already exists with identity '" + identity
        + "'; delete it with 'ockam node delete " + n.name() + "' to create it with '" + n.identity() + "', or change the file");
    }
    String listener = r.tcpListenerAddress() != null ? r.tcpListenerAddress() : r.config().getString("tcp_listener_address");
    if (n.tcpListenerAddress() != null && listener != null && !sameAddress(n.tcpListenerAddress(), listener)) {
      throw cfg.error(ExitCodes.FAILURE, n.path() + ".tcp-listener-address", "node '" + n.name() + "' already exists, listening on "
        + listener + "; delete it with 'ockam node delete " + n.name() + "' to create it on " + n.tcpListenerAddress()
        + ", or change the file");
    }
  }

  /** Whether an actual address fits a wanted one: same host, same port unless the wanted port is 0. */
  static boolean sameAddress(String wanted, String actual) {
    String[] w = TcpTransport.splitHostPort(wanted);
    String[] a = TcpTransport.splitHostPort(actual);
    return w[0].equals(a[0]) && (w[1].equals("0") || w[1].equals(a[1]));
  }

  private static Void outlets(NodeClient c, RunConfig cfg, NodeManagerClient api, RunConfig.NodeSpec n) throws Exception {
    List<Outlet> existing = step(c, cfg, n.path() + ".tcp-outlets", new PortalApi(api).outlets());
    for (RunConfig.Outlet o : n.outlets()) {
      Optional<Outlet> found = existing.stream().filter(e -> e.address().equals(o.address())).findFirst();
      if (found.isPresent()) {
        Outlet info = found.get();
        if (!sameAddress(o.to(), info.target())) {
          throw cfg.error(ExitCodes.FAILURE, o.path(), "node " + n.name() + " already has TCP outlet '" + o.address() + "' to "
            + info.target() + ", not " + o.to() + "; delete it with 'ockam tcp-outlet delete " + o.address() + " --at " + n.name()
            + "' and run the file again");
        }
        kept("The TCP Outlet " + o.address() + " of node " + n.name() + " to " + info.target() + " exists");
        continue;
      }
      Outlet info = Spinner.during("Creating TCP outlet " + o.address() + " on node " + n.name(),
        () -> step(c, cfg, o.path(), new PortalApi(api).createOutlet(o.address(), o.to())));
      printed(TcpOutletCommand.Create.createdOutput(n.name(), info));
    }
    return null;
  }

  private static Void relays(NodeClient c, RunConfig cfg, NodeManagerClient api, RunConfig.NodeSpec n) throws Exception {
    List<RelayStatus> existing = step(c, cfg, n.path() + ".relays", new RelayApi(api).relays());
    for (RunConfig.Relay r : n.relays()) {
      Optional<RelayStatus> found = existing.stream().filter(e -> e.name().equals(r.name())).findFirst();
      if (found.isPresent()) {
        RelayStatus status = found.get();
        if (!status.at().equals(r.at().toString())) {
          throw cfg.error(ExitCodes.FAILURE, r.path(), "node " + n.name() + " already has relay '" + r.name() + "' at " + status.at()
            + ", not " + r.at() + "; delete it with 'ockam relay delete " + r.name() + " --at " + n.name() + "' and run the file again");
        }
        kept("The relay " + r.name() + " of node " + n.name() + " at " + status.at() + " exists (" + status.state() + ")");
        continue;
      }
      RelayStatus status = Spinner.during("Creating relay " + r.name() + " for node " + n.name(),
        () -> step(c, cfg, r.path(), new RelayApi(api).createRelay(r.name(), r.at(), RESOURCE_TIMEOUT)));
      printed(RelayCommand.Create.createdOutput(n.name(), status));
    }
    return null;
  }

  private static Void inlets(NodeClient c, RunConfig cfg, NodeManagerClient api, RunConfig.NodeSpec n, Map<String, NodeStatus> nodes)
    throws Exception {
    List<InletStatus> existing = step(c, cfg, n.path() + ".tcp-inlets", new PortalApi(api).inlets());
    for (RunConfig.Inlet in : n.inlets()) {
      List<Identifier> authorized = in.authorized();
      if (authorized == null) {
        authorized = in.relayNode() == null ? List.of() : List.of(Identifier.parse(nodes.get(in.relayNode()).identifier()));
      }
      Optional<InletStatus> found = existing.stream().filter(e -> e.alias().equals(in.alias())).findFirst();
      if (found.isPresent()) {
        InletStatus status = found.get();
        boolean same = status.outletRoute().equals(in.to().toString()) && sameAddress(in.from(), status.bindAddress())
          && new HashSet<>(status.authorized()).equals(new HashSet<>(authorized.stream().map(Identifier::toString).toList()));
        if (!same) {
          throw cfg.error(ExitCodes.FAILURE, in.path(), "node " + n.name() + " already has TCP inlet '" + in.alias() + "' on "
            + status.bindAddress() + " to " + status.outletRoute() + " that differs from the file; delete it with 'ockam tcp-inlet delete "
            + in.alias() + " --at " + n.name() + "' and run the file again");
        }
        kept("The TCP Inlet " + in.alias() + " of node " + n.name() + " on " + status.bindAddress() + " exists");
        continue;
      }
      List<Identifier> ids = authorized;
      InletStatus status = Spinner.during("Creating TCP inlet " + in.alias() + " on node " + n.name(),
        () -> step(c, cfg, in.path(), new PortalApi(api).createInlet(in.alias(), in.from(), in.to(), ids, RESOURCE_TIMEOUT)));
      printed(TcpInletCommand.Create.createdOutput(n.name(), status));
    }
    return null;
  }

  /** Waits for one request; a failure names the place in the file it came from. */
  private static <T> T step(NodeClient c, RunConfig cfg, String path, Future<T> f) throws Exception {
    try {
      return c.await(f);
    } catch (NodeManagerException e) {
      throw NodeApi.refused(e, cfg.file() + ": " + path + ": ");
    } catch (ExitCodes.CliException e) {
      throw cfg.error(e.exitCode, path, e.getMessage());
    }
  }
}
