package io.ockamj.cli;

import io.ockamj.cli.terminal.Output;
import io.ockamj.cli.terminal.Terminal;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.node.Node;
import io.ockamj.console.ConsoleKey;
import io.ockamj.console.ConsoleServer;
import io.ockamj.node.NodeOptions;
import io.ockamj.store.NodeRecord;
import io.ockamj.store.OckamHome;
import io.ockamj.store.Store;
import io.ockamj.verticles.channel.ChannelIdentity;
import io.ockamj.verticles.channel.SecureChannel;
import io.ockamj.verticles.channel.SecureChannels;
import io.ockamj.verticles.identity.IdentityManager;
import io.ockamj.verticles.identity.LocalIdentity;
import io.ockamj.verticles.identity.NamedIdentity;
import io.ockamj.verticles.nodemanager.NodeManager;
import io.ockamj.verticles.nodemanager.NodeManagerClient;
import io.ockamj.verticles.nodemanager.NodeManagerOptions;
import io.ockamj.verticles.nodemanager.NodeStatus;
import io.ockamj.verticles.nodemanager.SecureChannelListenerInfo;
import io.ockamj.verticles.nodemanager.ServiceInfo;
import io.ockamj.verticles.transport.tcp.TcpTransport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code ockam node ...}: create, run and manage local nodes. Nodes run as background processes
 * (unless {@code --foreground}); their records (pid, listener, identity, configuration) live in the
 * store under {@code $OCKAM_HOME}, their output in {@code $OCKAM_HOME/nodes/NAME/}.
 */
@Command(name = "node", description = "Create, list, show, stop, start and delete local nodes.", mixinStandardHelpOptions = true,
  subcommands = {NodeCommand.Create.class, NodeCommand.ListNodes.class, NodeCommand.Show.class, NodeCommand.Stop.class,
    NodeCommand.Start.class, NodeCommand.Delete.class, NodeCommand.Logs.class, NodeCommand.Default.class,
    NodeConsoleCommand.class})
final class NodeCommand {

  static final Duration API_TIMEOUT = Duration.ofSeconds(5);

  private NodeCommand() {
  }

  static String shortId(String identifier) {
    return identifier.length() > 13 ? identifier.substring(0, 13) + "…" : identifier;
  }

  static void print(JsonObject o) {
    Terminal.write(Output.of().json(o));
  }

  /** {@code ockam node create}. */
  @Command(name = "create", mixinStandardHelpOptions = true,
    description = {"Create a node and start it in the background; print its name, address and identifier once it answers.",
      "The node serves echo, uppercase and hop, a secure channel listener 'api', and the node-manager API"
        + " (reachable only through a secure channel from its administrators).",
      "With --foreground the node runs in this process until it is interrupted.",
      "The name of a stopped (or died) node can be given again: the new node replaces it, without its outlets, inlets"
        + " and relays (use 'ockam node start NAME' to run it again with them). Names have letters, digits, '_' and '-'.",
      "Given a configuration file instead of a name (an argument ending in .yaml, .yml or .json), it does what"
        + " 'ockam run FILE' does: creates the nodes the file describes with their relays, outlets and inlets."})
  static final class Create implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME|FILE",
      description = "Name of the node (default: a random name), or a configuration file (.yaml, .yml or .json; see 'ockam run --help').")
    String name;

    @Option(names = {"-f", "--foreground"}, description = "Run the node in this process until it is interrupted.")
    boolean foreground;

    @Option(names = "--child-process", hidden = true, description = "Started by 'node create' or 'node start'.")
    boolean childProcess;

    @Option(names = "--tcp-listener-address", defaultValue = "127.0.0.1:0", paramLabel = "HOST:PORT",
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

    @Option(names = "--timeout", defaultValue = "60s", converter = Durations.class,
      description = "How long to wait for a background node to answer (default: ${DEFAULT-VALUE}).")
    Duration timeout;


    @Option(names = {"--configuration", "--node-config"}, paramLabel = "YAML",
      description = "Inline node configuration (YAML or JSON): name, tcp-listener-address, identity, relays, tcp-outlets, tcp-inlets, variables.")
    String configuration;

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
        name = "node-" + HexFormat.of().formatHex(new byte[] {(byte) ThreadLocalRandom.current().nextInt(), (byte) ThreadLocalRandom.current().nextInt()});
      }
      NodeClient.checkName(name);
      try {
        TcpTransport.splitHostPort(tcpListenerAddress);
      } catch (RuntimeException e) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, e.getMessage());
      }
      List<Identifier> trust = identifiers("--trust", trusted);
      List<Identifier> extraAdmins = identifiers("--admin", admins);
      Integer httpPort = NodeHttp.port(httpServer, httpServerPort);
      if (foreground) {
        return new Foreground(name, tcpListenerAddress, identity, trust, extraAdmins, childProcess, console, httpPort)
          .withTrust(trustOptions).run();
      }
      List<String> args = new ArrayList<>(createArgs(tcpListenerAddress, identity, trust, extraAdmins));
      args.addAll(NodeTrust.args(trustOptions));
      args.addAll(NodeHttp.args(httpPort));
      if (console != null) {
        args.add("--console=" + console);
      }
      try (NodeClient c = NodeClient.open()) {
        Optional<NodeRecord> existing = c.find(name);
        if (existing.isPresent() && NodeClient.localStatus(existing.get()).equals("running")) {
          throw alreadyRunning(existing.get());
        }
        if (identity != null) {
          requireIdentity(c, identity, "");
        }
        if (existing.isPresent()) {
          // as in Rust Ockam, a stopped (or died) node's name is taken again: the new node replaces its
          // record, with its TCP outlets, inlets and relays; its logs go on in the same directory
          c.await(c.store.nodes().delete(name));
        }
        return launch(c, name, args, timeout, json, "created");
      }
    }

    /** {@code node create FILE}: the options that describe one node belong in the file instead. */
    /** The options that describe one node belong in the configuration instead. */
    private void refuseNodeOptions(String what) {
      for (String option : List.of("--foreground", "--tcp-listener-address", "--identity", "--trust", "--admin", "--child-process",
        "--console", "--http-server", "--http-server-port")) {
        if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
          throw new ExitCodes.CliException(ExitCodes.USAGE, option + " cannot be used with " + what
            + "; set it in the configuration, or give a node name instead");
        }
      }
    }
  }

  /** {@code node create} of a name whose node runs. */
  static ExitCodes.CliException alreadyRunning(NodeRecord r) {
    return new ExitCodes.CliException(ExitCodes.FAILURE, "node '" + r.name() + "' has already been created and is running (pid "
      + r.pid() + "); stop it with 'ockam node stop " + r.name() + "' to create it again, or choose another name");
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
    NodeStatus status = awaitRunning(c, name, started, timeout);
    NodeRecord r = c.record(name);
    String console = r.config().getString(NodeConsoleCommand.CONFIG_KEY);
    NodeOutput.Live live = json || !Terminal.stdoutIsTty() ? NodeOutput.ask(c, r) : NodeOutput.Live.NONE;
    Terminal.write(Output.of()
      .plain("Node " + name + " " + verb + " and running\n"
        + "  address     " + status.tcpListenerAddress() + "\n"
        + "  identifier  " + status.identifier() + "\n"
        + "  pid         " + status.pid()
        + (console == null ? "" : "\n  console     " + console + " (log in: ockam node console " + name + ")"))
      .machine(name)
      .json(NodeOutput.resources(r, status.status(), live)));
    return ExitCodes.OK;
  }

  /**
   * Waits until a node process that {@link NodeProcesses#spawn} started is ready and answers its API;
   * a node whose API does not answer is stopped again.
   *
   * @return the node's status, from its API
   */
  static NodeStatus awaitRunning(NodeClient c, String name, NodeProcesses.Started started, Duration timeout) throws Exception {
    NodeProcesses.Ready ready = NodeProcesses.awaitReady(name, started, timeout);
    NodeRecord r = c.record(name);
    try {
      return c.await(c.status(r, API_TIMEOUT));
    } catch (Exception e) {
      NodeProcesses.stop(ready.pid(), Duration.ofSeconds(5));
      throw new ExitCodes.CliException(ExitCodes.FAILURE, "node " + name + " started but its API did not answer ("
        + ExitCodes.describe(e) + "); it was stopped, see 'ockam node logs " + name + "'");
    }
  }

  /** A node running in this process until SIGTERM/SIGINT. */
  static final class Foreground {
    private static final System.Logger LOG = System.getLogger(Foreground.class.getName());

    private final String name;
    private final String listenerAddress;
    private final String identityName;
    private final List<Identifier> trusted;
    private final List<Identifier> extraAdmins;
    private final boolean child;
    private final String consoleAddress;
    private final NodeHttp http;

    private TrustOptions trustOptions;

    Foreground withTrust(TrustOptions t) {
      this.trustOptions = t;
      return this;
    }

    Foreground(String name, String listenerAddress, String identityName, List<Identifier> trusted, List<Identifier> extraAdmins,
               boolean child, String consoleAddress, Integer httpPort) {
      this.consoleAddress = consoleAddress;
      this.http = new NodeHttp(httpPort);
      this.name = name;
      this.listenerAddress = listenerAddress;
      this.identityName = identityName;
      this.trusted = trusted;
      this.extraAdmins = extraAdmins;
      this.child = child;
    }

    int run() throws Exception {
      int cores = Runtime.getRuntime().availableProcessors();
      // One event loop per two cores (at most 4): a message crosses several workers, and every hop
      // between loops is a thread wake-up; on 2 cores one loop moved 2.40 instead of 1.74 Gbit/s
      // through a portal, p50 198 instead of 282 µs (bench/portal.sh). -Dockam.eventLoops=N overrides.
      int loops = Integer.getInteger("ockam.eventLoops", Math.min(4, Math.max(1, cores / 2)));
      Vertx vertx = http.vertx(new VertxOptions().setEventLoopPoolSize(Math.max(1, loops))
        .setWorkerPoolSize(4).setInternalBlockingPoolSize(4));
      Store store = null;
      Node node = null;
      try {
        LocalState.await(http.listen(vertx));
        store = LocalState.await(Store.open(vertx, OckamHome.resolve().database()));
        IdentityManager identities = LocalState.await(IdentityManager.open(vertx, store));
        Optional<NodeRecord> existing = LocalState.await(store.nodes().get(name));
        long self = ProcessHandle.current().pid();
        if (existing.isPresent() && existing.get().pid() != null && existing.get().pid() != self
          && NodeClient.alive(existing.get().pid())) {
          throw alreadyRunning(existing.get());
        }
        if (existing.isPresent() && !child) {
          // 'node create NAME --foreground' of a stopped node makes a new node of that name, as in the
          // background; a child process ('node start', or 'node create' that already replaced the
          // record) runs the stored node with what it stored
          LocalState.await(store.nodes().delete(name));
          existing = Optional.empty();
        }
        NamedIdentity named = LocalState.await(identityName == null ? identities.getOrCreateDefault()
          : identities.get(identityName).compose(o -> o.isPresent() ? Future.succeededFuture(o.get())
            : Future.failedFuture(new ExitCodes.CliException(ExitCodes.FAILURE, "no identity named '" + identityName + "'"))));
        LocalIdentity li = LocalState.await(identities.loadSecureChannelKey(named.name()));
        Optional<NamedIdentity> dflt = LocalState.await(identities.getDefault());
        Set<Identifier> adminSet = new LinkedHashSet<>();
        adminSet.add(named.identifier());
        dflt.ifPresent(d -> adminSet.add(d.identifier()));
        adminSet.addAll(extraAdmins);
        NodeManagerOptions mo = new NodeManagerOptions().setStore(store);
        adminSet.forEach(mo::addAdmin);

        node = LocalState.await(Node.create(vertx, new NodeOptions().setName(name).setTcpListenerAddress(listenerAddress)));
        http.meters(node);
        SecureChannels channels = SecureChannels.create(node, new ChannelIdentity(li.identity(), li.secureChannelKey(), li.vault(), List.of()));
        NodeManager manager = LocalState.await(NodeManager.start(node, channels, mo));
        Optional<NodeTrust> nodeTrust = NodeTrust.resolve(store, trustOptions);
        if (nodeTrust.isPresent()) {
          manager.setListenerOptions(nodeTrust.get().listenerOptions());
          channels.setCredentialDefaults(nodeTrust.get().listenerOptions());
        }
        LocalState.await(manager.createSecureChannelListener(SecureChannels.DEFAULT_LISTENER, trusted));
        if (nodeTrust.isPresent()) {
          nodeTrust.get().start(node, channels, store);
        }

        boolean isDefault = existing.map(NodeRecord::isDefault).orElse(false)
          || LocalState.await(store.nodes().getDefault()).isEmpty();
        JsonObject config = new JsonObject()
          .put("identity", named.name())
          .put("tcp_listener_address", listenerAddress)
          .put("trust", new JsonArray(trusted.stream().map(Identifier::toString).toList()))
          .put("admins", new JsonArray(adminSet.stream().map(Identifier::toString).toList()))
          .put("api_listener", SecureChannels.DEFAULT_LISTENER);
        if (trustOptions != null && trustOptions.isSet()) {
          config.put("authority_trust", NodeTrust.toConfig(trustOptions));
        }
        http.attach(node, manager, named.name(), isDefault, config);
        NodeRecord record = new NodeRecord(name, named.identifier().toString(), self, node.tcpListenerAddress(), isDefault,
          config, existing.map(NodeRecord::createdAt).orElse(null));
        LocalState.await(store.nodes().store(record));
        // outlets, relays and inlets of a previous run (relays and inlets come up in the background)
        LocalState.await(manager.resources().restore());
        ConsoleServer console = null;
        if (consoleAddress != null) {
          String[] hp = TcpTransport.splitHostPort(consoleAddress);
          console = LocalState.await(ConsoleServer.start(manager, ConsoleKey.loadOrCreate(NodeProcesses.nodeDir(name)),
            hp[0], Integer.parseInt(hp[1]), new Main.Version().getVersion()[0]));
          config.put(NodeConsoleCommand.CONFIG_KEY, console.address());
          LocalState.await(store.nodes().store(record.withConfig(config)));
          System.out.println("Web console on http://" + NodeClient.connectAddress(console.address()) + "/ (log in: ockam node console "
            + name + ")");
        }
        installShutdown(vertx, store, node, self, console);
        http.up();
        System.out.println("Node " + name + " is running, listening on " + node.tcpListenerAddress()
          + ", identity " + named.identifier());
        System.out.flush();
        LOG.log(System.Logger.Level.INFO, "node " + name + " ready (pid " + self + (child ? ", background" : "") + ")");
      } catch (Exception e) {
        Future<Void> f = node == null ? Future.succeededFuture() : node.close();
        Store s = store;
        f.eventually(() -> s == null ? Future.succeededFuture() : s.close()).eventually(vertx::close)
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        throw e;
      }
      stopped.await();
      return ExitCodes.OK;
    }

    private final CountDownLatch stopped = new CountDownLatch(1);

    private void installShutdown(Vertx vertx, Store store, Node node, long self, ConsoleServer console) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        http.stopping();
        try {
          (console == null ? Future.<Void>succeededFuture() : console.close().otherwiseEmpty())
            .compose(v -> node.close())
            .compose(v -> store.nodes().get(name))
            .compose(r -> r.isPresent() && r.get().pid() != null && r.get().pid() == self
              ? store.nodes().store(r.get().withPid(null)).mapEmpty() : Future.succeededFuture())
            .eventually(store::close).eventually(vertx::close)
            .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
          // exiting anyway
        } finally {
          stopped.countDown();
        }
      }, "ockam-shutdown"));
    }
  }

  /** {@code ockam node list}. */
  @Command(name = "list", mixinStandardHelpOptions = true,
    description = "List the local nodes with their status (running, stopped, died: from the process table), address and pid.")
  static final class ListNodes implements Callable<Integer> {


    @Override
    public Integer call() throws Exception {
      boolean json = Terminal.json();
      try (NodeClient c = NodeClient.open()) {
        List<NodeRecord> all = c.records();
        List<Future<String>> statuses = new ArrayList<>();
        for (NodeRecord r : all) {
          // as Rust: the process table says whether a node runs (asking each node would cost a secure
          // channel handshake apiece); 'node show' asks the node
          statuses.add(Future.succeededFuture(NodeClient.localStatus(r)));
        }
        c.await(Future.join(statuses));
        JsonArray out = new JsonArray();
        for (int i = 0; i < all.size(); i++) {
          out.add(NodeOutput.listItem(all.get(i), statuses.get(i).result()));
        }
        String plain;
        if (all.isEmpty()) {
          plain = "No nodes found on this system. Create one with 'ockam node create NAME'.";
        } else {
          List<String[]> rows = new ArrayList<>();
          rows.add(new String[] {"NAME", "STATUS", "ADDRESS", "PID", "IDENTIFIER", ""});
          for (int i = 0; i < all.size(); i++) {
            NodeRecord r = all.get(i);
            String st = statuses.get(i).result();
            rows.add(new String[] {r.name(), st, String.valueOf(r.tcpListenerAddress()),
              st.equals("stopped") || r.pid() == null ? "-" : String.valueOf(r.pid()), shortId(r.identifier()),
              r.isDefault() ? "(default)" : ""});
          }
          plain = Table.format(rows);
        }
        Terminal.write(Output.of().plain(plain).json(out));
        return ExitCodes.OK;
      }
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

  /** {@code ockam node show}. */
  @Command(name = "show", mixinStandardHelpOptions = true,
    description = "Show a node: status, address, identity, and (if it runs) its services, listeners and secure channels.")
  static final class Show implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The node, as NAME or /node/NAME (default: the default node).")
    String name;

    @Option(names = "--at", paramLabel = "NODE", description = "The node, as NAME or /node/NAME (instead of the NAME argument).")
    String at;


    @Override
    public Integer call() throws Exception {
      boolean json = Terminal.json();
      String node = NodeResolver.nodeArgument(name, at);
      try (NodeClient c = NodeClient.open()) {
        NodeRecord r = c.record(node);
        String status = NodeClient.localStatus(r);
        NodeOutput.Live live = NodeOutput.Live.NONE;
        if (status.equals("running")) {
          live = NodeOutput.ask(c, r);
          if (live.status() == null) {
            status = "unresponsive";
          }
        }
        Terminal.write(Output.of().plain(NodeOutput.plain(r, status, live)).json(NodeOutput.resources(r, status, live)));
        return ExitCodes.OK;
      }
    }
  }

  /** {@code ockam node stop}. */
  @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop a running node (SIGTERM, then wait for it to exit).")
  static final class Stop implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The node, as NAME or /node/NAME (default: the default node).")
    String name;

    @Option(names = "--at", paramLabel = "NODE", description = "The node, as NAME or /node/NAME (instead of the NAME argument).")
    String at;

    @Override
    public Integer call() throws Exception {
      String node = NodeResolver.nodeArgument(name, at);
      try (NodeClient c = NodeClient.open()) {
        NodeRecord r = c.record(node);
        String st = NodeClient.localStatus(r);
        if (!st.equals("running")) {
          throw new ExitCodes.CliException(ExitCodes.FAILURE, "node '" + r.name() + "' is not running (" + st + ")");
        }
        stopNode(c, r);
        System.out.println("Stopped node " + r.name());
        return ExitCodes.OK;
      }
    }
  }

  /** Stops a node's process and clears its pid. */
  static void stopNode(NodeClient c, NodeRecord r) throws Exception {
    if (r.pid() != null && NodeClient.alive(r.pid())) {
      boolean clean = NodeProcesses.stop(r.pid(), Duration.ofSeconds(10));
      if (!clean) {
        System.err.println("warning: node " + r.name() + " did not stop within 10 s and was killed");
      }
    }
    Optional<NodeRecord> now = c.find(r.name());
    if (now.isPresent() && now.get().pid() != null && now.get().pid().equals(r.pid())) {
      c.await(c.store.nodes().store(now.get().withPid(null)));
    }
  }

  /** {@code ockam node start}. */
  @Command(name = "start", mixinStandardHelpOptions = true,
    description = "Start a stopped node again with its stored configuration: same identity, same listener address.")
  static final class Start implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The node, as NAME or /node/NAME (default: the default node).")
    String name;

    @Option(names = "--at", paramLabel = "NODE", description = "The node, as NAME or /node/NAME (instead of the NAME argument).")
    String at;

    @Option(names = "--timeout", defaultValue = "60s", converter = Durations.class,
      description = "How long to wait for the node to answer (default: ${DEFAULT-VALUE}).")
    Duration timeout;


    @Override
    public Integer call() throws Exception {
      boolean json = Terminal.json();
      String node = NodeResolver.nodeArgument(name, at);
      try (NodeClient c = NodeClient.open()) {
        NodeRecord r = c.record(node);
        if (NodeClient.localStatus(r).equals("running")) {
          throw new ExitCodes.CliException(ExitCodes.FAILURE, "node '" + r.name() + "' is already running (pid " + r.pid() + ")");
        }
        return launch(c, r.name(), startArgs(r), timeout, json, "started");
      }
    }
  }

  /** {@code ockam node delete}. */
  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Stop and delete a node (or all nodes), with its logs.")
  static final class Delete implements Callable<Integer> {

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
      if ((node == null) == !all) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, "name a node to delete, or pass --all");
      }
      if (force) {
        System.err.println("warning: --force is deprecated and has no effect");
      }
      try (NodeClient c = NodeClient.open()) {
        List<NodeRecord> targets = all ? c.records() : List.of(c.record(node));
        if (!targets.isEmpty() && !Confirmation.confirmed(yes, all ? "Are you sure you want to delete all nodes?"
            : "Are you sure you want to delete the node " + node + "?")) {
          return ExitCodes.OK;
        }
        deleteAll(c, targets);
        if (targets.isEmpty()) {
          Terminal.write(Output.of().plain("No nodes to delete."));
        } else if (targets.size() == 1) {
          String n = targets.get(0).name();
          Terminal.write(Output.of().plain("The node with name " + n + " has been deleted").machine(n)
            .json(new JsonObject().put("name", n)));
        } else {
          Terminal.write(Output.of().plain(String.join("\n", targets.stream().map(r -> "The node with name " + r.name()
            + " has been deleted").toList())).machine(String.join("\n", targets.stream().map(NodeRecord::name).toList()))
            .json(new JsonArray(targets.stream().map(r -> new JsonObject().put("name", r.name())).toList())));
        }
        return ExitCodes.OK;
      }
    }
  }

  /** Deletes nodes in parallel: each stop waits for its process to exit, which takes a while under load. */
  static void deleteAll(NodeClient c, List<NodeRecord> targets) throws Exception {
    if (targets.size() <= 1) {
      for (NodeRecord r : targets) {
        deleteNode(c, r);
      }
      return;
    }
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(Math.min(8, targets.size()));
    try {
      List<java.util.concurrent.Future<Void>> done = new ArrayList<>();
      for (NodeRecord r : targets) {
        done.add(pool.submit(() -> {
          deleteNode(c, r);
          return null;
        }));
      }
      for (java.util.concurrent.Future<Void> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  static void deleteNode(NodeClient c, NodeRecord r) throws Exception {
    stopNode(c, r);
    c.await(c.store.nodes().delete(r.name()));
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

  /** {@code ockam node logs}. */
  @Command(name = "logs", mixinStandardHelpOptions = true,
    description = "Print the end of a background node's log (its stderr), or its log directory with --path.")
  static final class Logs implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The node, as NAME or /node/NAME (default: the default node).")
    String name;

    @Option(names = "--at", paramLabel = "NODE", description = "The node, as NAME or /node/NAME (instead of the NAME argument).")
    String at;

    @Option(names = {"-n", "--lines"}, defaultValue = "50", description = "How many lines (default: ${DEFAULT-VALUE}).")
    int lines;

    @Option(names = "--stdout", description = "Print its stdout log instead.")
    boolean stdout;

    @Option(names = "--path", description = "Print the log directory only.")
    boolean path;

    @Override
    public Integer call() throws Exception {
      String n;
      String node = NodeResolver.nodeArgument(name, at);
      try (NodeClient c = NodeClient.open()) {
        n = c.record(node).name();
      }
      Path dir = NodeProcesses.nodeDir(n);
      if (path) {
        System.out.println(dir);
        return ExitCodes.OK;
      }
      Path file = stdout ? NodeProcesses.stdout(n) : NodeProcesses.stderr(n);
      if (!Files.exists(file)) {
        throw new ExitCodes.CliException(ExitCodes.FAILURE, "node '" + n + "' has no log " + file + " (it never ran in the background)");
      }
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      all.subList(Math.max(0, all.size() - Math.max(0, lines)), all.size()).forEach(System.out::println);
      return ExitCodes.OK;
    }
  }

  /** {@code ockam node default}. */
  @Command(name = "default", mixinStandardHelpOptions = true, description = "Print the default node, or make a node the default.")
  static final class Default implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The node to make the default.")
    String name;

    @Override
    public Integer call() throws Exception {
      try (NodeClient c = NodeClient.open()) {
        if (name == null) {
          String n = c.record(null).name();
          Terminal.write(Output.of().plain("The default node is '" + n + "'").machine(n));
          return ExitCodes.OK;
        }
        if (!c.await(c.store.nodes().setDefault(name))) {
          throw NodeClient.unknown(name);
        }
        Terminal.write(Output.of().plain("The node '" + name + "' is now the default").machine(name));
        return ExitCodes.OK;
      }
    }
  }
}
