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
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
 * the background, in parallel), then their TCP outlets, relays and TCP inlets through each node's API.
 * <p>
 * Running a file again converges rather than fails: nodes that run are kept, stopped ones are started
 * with what they stored, and outlets, relays and inlets that already exist as the file describes them
 * are kept. Something that exists but differs from the file (another identity, listener, target or
 * route) is an error that says what to delete.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
  description = {"Create the identities, nodes, TCP outlets, relays and TCP inlets that a YAML or JSON file describes.",
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
    List<Long> pids = new java.util.ArrayList<>();
    try (NodeClient c = NodeClient.open()) {
      for (RunConfig.NodeSpec n : cfg.nodes()) {
        Long pid = c.record(n.name()).pid();
        if (pid != null) {
          pids.add(pid);
        }
      }
    }
    Thread stopper = new Thread(() -> pids.forEach(pid -> {
      try {
        NodeProcesses.stop(pid, Duration.ofSeconds(10));
      } catch (Exception e) {
        System.err.println("could not stop the node with pid " + pid + ": " + ExitCodes.describe(e));
      }
    }), "ockam-run-stop-nodes");
    Runtime.getRuntime().addShutdownHook(stopper);
    for (Long pid : pids) {
      ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());
    }
    Runtime.getRuntime().removeShutdownHook(stopper);
    return ExitCodes.OK;
  }

  /**
   * Brings up a configuration and prints what it did.
   *
   * @param cfg the checked configuration
   * @param timeout how long each node may take to start
   * @param json unused: the shared output picks the form ({@code --output})
   * @return the exit code
   */
  static int run(RunConfig cfg, Duration timeout, boolean json) throws Exception {
    JsonObject out = new JsonObject().put("file", cfg.file());
    List<String> done = new java.util.ArrayList<>();
    try (NodeClient c = NodeClient.open()) {
      out.put("identities", identities(c, cfg, done));
      Map<String, NodeStatus> nodes = nodes(c, cfg, timeout, done, out);
      JsonArray outlets = new JsonArray();
      JsonArray relays = new JsonArray();
      JsonArray inlets = new JsonArray();
      for (RunConfig.NodeSpec n : cfg.nodes()) {
        if (!n.outlets().isEmpty()) {
          NodeApi.session(c, n.name(), RESOURCE_TIMEOUT, api -> outlets(c, cfg, api, n, done, outlets));
        }
      }
      for (RunConfig.NodeSpec n : cfg.nodes()) {
        if (!n.relays().isEmpty()) {
          NodeApi.session(c, n.name(), RESOURCE_TIMEOUT, api -> relays(c, cfg, api, n, done, relays));
        }
      }
      for (RunConfig.NodeSpec n : cfg.nodes()) {
        if (!n.inlets().isEmpty()) {
          NodeApi.session(c, n.name(), RESOURCE_TIMEOUT, api -> inlets(c, cfg, api, n, nodes, done, inlets));
        }
      }
      out.put("tcp_outlets", outlets).put("relays", relays).put("tcp_inlets", inlets);
    }
    // one result: a line per resource, or (not on a terminal, or with --output json) the JSON of all of them
    Terminal.write(Output.of().plain(String.join("\n", done.stream().map(Fmt::ok).toList())).json(out));
    return ExitCodes.OK;
  }

  private static JsonArray identities(NodeClient c, RunConfig cfg, List<String> done) throws Exception {
    JsonArray out = new JsonArray();
    for (String name : cfg.identities()) {
      boolean exists = c.await(c.identities.get(name)).isPresent();
      if (!exists) {
        c.await(c.identities.create(name));
        done.add("Identity " + name + " created");
      }
      out.add(new JsonObject().put("name", name).put("action", exists ? "exists" : "created"));
    }
    // nodes that start in parallel must not race to create the default identity
    c.await(c.identities.getOrCreateDefault());
    return out;
  }

  /** Checks every node against what exists, then starts the missing and stopped ones in parallel. */
  private static Map<String, NodeStatus> nodes(NodeClient c, RunConfig cfg, Duration timeout, List<String> done, JsonObject out)
    throws Exception {
    for (RunConfig.NodeReference ref : cfg.references()) {
      if (cfg.nodes().stream().noneMatch(n -> n.name().equals(ref.node())) && c.find(ref.node()).isEmpty()) {
        throw cfg.error(ExitCodes.NOT_FOUND, ref.path(), "there is no node named '" + ref.node()
          + "' in this file or in the local state; describe it under 'nodes' or create it with 'ockam node create " + ref.node() + "'");
      }
    }
    boolean hadDefault = c.await(c.store.nodes().getDefault()).isPresent();
    Map<String, List<String>> toStart = new LinkedHashMap<>();
    Map<String, String> actions = new LinkedHashMap<>();
    for (RunConfig.NodeSpec n : cfg.nodes()) {
      Optional<NodeRecord> existing = c.find(n.name());
      if (existing.isEmpty()) {
        if (n.identity() != null) {
          NodeCommand.requireIdentity(c, n.identity(), cfg.file() + ": " + n.path() + ".identity: ");
        }
        toStart.put(n.name(), NodeCommand.createArgs(n.listener(), n.identity(), List.of(), List.of()));
        actions.put(n.name(), "created");
        continue;
      }
      NodeRecord r = existing.get();
      checkSame(cfg, n, r);
      if (NodeClient.localStatus(r).equals("running")) {
        actions.put(n.name(), "running");
      } else {
        toStart.put(n.name(), NodeCommand.startArgs(r));
        actions.put(n.name(), "started");
      }
    }
    Map<String, NodeProcesses.Started> started = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : toStart.entrySet()) {
      started.put(e.getKey(), NodeProcesses.spawn(e.getKey(), e.getValue()));
    }
    Map<String, NodeStatus> statuses = new LinkedHashMap<>();
    for (RunConfig.NodeSpec n : cfg.nodes()) {
      NodeProcesses.Started s = started.get(n.name());
      statuses.put(n.name(), s != null ? NodeCommand.awaitRunning(c, n.name(), s, timeout) : answering(c, cfg, n));
    }
    if (!hadDefault) {
      // nodes that started together each took the default; the file's first node keeps it
      c.await(c.store.nodes().setDefault(cfg.nodes().get(0).name()));
    }
    JsonArray nodes = new JsonArray();
    for (Map.Entry<String, NodeStatus> e : statuses.entrySet()) {
      NodeStatus st = e.getValue();
      String action = actions.get(e.getKey());
      nodes.add(new JsonObject().put("name", e.getKey()).put("status", st.status()).put("address", st.tcpListenerAddress())
        .put("identifier", st.identifier()).put("pid", st.pid()).put("action", action));
      done.add("Node " + e.getKey() + " " + (action.equals("running") ? "was already running" : action + " and running")
          + ", listening on " + st.tcpListenerAddress() + ", identifier " + NodeCommand.shortId(st.identifier()));
    }
    out.put("nodes", nodes);
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

  private static Void outlets(NodeClient c, RunConfig cfg, NodeManagerClient api, RunConfig.NodeSpec n, List<String> done, JsonArray out)
    throws Exception {
    List<Outlet> existing = step(c, cfg, n.path() + ".tcp-outlets", new PortalApi(api).outlets());
    for (RunConfig.Outlet o : n.outlets()) {
      Optional<Outlet> found = existing.stream().filter(e -> e.address().equals(o.address())).findFirst();
      Outlet info;
      String action;
      if (found.isPresent()) {
        info = found.get();
        if (!sameAddress(o.to(), info.target())) {
          throw cfg.error(ExitCodes.FAILURE, o.path(), "node " + n.name() + " already has TCP outlet '" + o.address() + "' to "
            + info.target() + ", not " + o.to() + "; delete it with 'ockam tcp-outlet delete " + o.address() + " --at " + n.name()
            + "' and run the file again");
        }
        action = "exists";
      } else {
        info = Spinner.during("Creating TCP outlet " + o.address() + " on node " + n.name(),
          () -> step(c, cfg, o.path(), new PortalApi(api).createOutlet(o.address(), o.to())));
        action = "created";
      }
      out.add(TcpOutletCommand.toJson(n.name(), info).put("action", action));
      done.add("TCP outlet '" + info.address() + "' on node " + n.name() + " -> " + info.target() + " (" + action + ")");
    }
    return null;
  }

  private static Void relays(NodeClient c, RunConfig cfg, NodeManagerClient api, RunConfig.NodeSpec n, List<String> done, JsonArray out)
    throws Exception {
    List<RelayStatus> existing = step(c, cfg, n.path() + ".relays", new RelayApi(api).relays());
    for (RunConfig.Relay r : n.relays()) {
      Optional<RelayStatus> found = existing.stream().filter(e -> e.name().equals(r.name())).findFirst();
      RelayStatus status;
      String action;
      if (found.isPresent()) {
        status = found.get();
        if (!status.at().equals(r.at().toString())) {
          throw cfg.error(ExitCodes.FAILURE, r.path(), "node " + n.name() + " already has relay '" + r.name() + "' at " + status.at()
            + ", not " + r.at() + "; delete it with 'ockam relay delete " + r.name() + " --at " + n.name() + "' and run the file again");
        }
        action = "exists";
      } else {
        status = Spinner.during("Creating relay " + r.name() + " for node " + n.name(),
          () -> step(c, cfg, r.path(), new RelayApi(api).createRelay(r.name(), r.at(), RESOURCE_TIMEOUT)));
        action = "created";
      }
      out.add(RelayCommand.toJson(n.name(), status).put("action", action));
      done.add("Relay '" + status.name() + "' of node " + n.name() + " at " + status.at() + ": " + status.state()
          + " (" + action + ")");
    }
    return null;
  }

  private static Void inlets(NodeClient c, RunConfig cfg, NodeManagerClient api, RunConfig.NodeSpec n, Map<String, NodeStatus> nodes,
                             List<String> done, JsonArray out) throws Exception {
    List<InletStatus> existing = step(c, cfg, n.path() + ".tcp-inlets", new PortalApi(api).inlets());
    for (RunConfig.Inlet in : n.inlets()) {
      List<Identifier> authorized = in.authorized();
      if (authorized == null) {
        authorized = in.relayNode() == null ? List.of() : List.of(Identifier.parse(nodes.get(in.relayNode()).identifier()));
      }
      Optional<InletStatus> found = existing.stream().filter(e -> e.alias().equals(in.alias())).findFirst();
      InletStatus status;
      String action;
      if (found.isPresent()) {
        status = found.get();
        boolean same = status.outletRoute().equals(in.to().toString()) && sameAddress(in.from(), status.bindAddress())
          && new HashSet<>(status.authorized()).equals(new HashSet<>(authorized.stream().map(Identifier::toString).toList()));
        if (!same) {
          throw cfg.error(ExitCodes.FAILURE, in.path(), "node " + n.name() + " already has TCP inlet '" + in.alias() + "' on "
            + status.bindAddress() + " to " + status.outletRoute() + " that differs from the file; delete it with 'ockam tcp-inlet delete "
            + in.alias() + " --at " + n.name() + "' and run the file again");
        }
        action = "exists";
      } else {
        List<Identifier> ids = authorized;
        status = Spinner.during("Creating TCP inlet " + in.alias() + " on node " + n.name(),
          () -> step(c, cfg, in.path(), new PortalApi(api).createInlet(in.alias(), in.from(), in.to(), ids, RESOURCE_TIMEOUT)));
        action = "created";
      }
      out.add(TcpInletCommand.toJson(n.name(), status).put("action", action));
      done.add("TCP inlet '" + status.alias() + "' on node " + n.name() + ", listening on " + status.bindAddress()
          + " -> " + status.outletRoute() + " (" + action + ")");
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
