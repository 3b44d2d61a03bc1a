package io.ockamj.cli;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.node.Node;
import io.ockamj.console.ConsoleKey;
import io.ockamj.console.ConsoleServer;
import io.ockamj.node.NodeOptions;
import io.ockamj.store.NodeRecord;
import io.ockamj.store.OckamHome;
import io.ockamj.store.Store;
import io.ockamj.verticles.channel.ChannelIdentity;
import io.ockamj.verticles.channel.SecureChannels;
import io.ockamj.verticles.identity.IdentityManager;
import io.ockamj.verticles.identity.LocalIdentity;
import io.ockamj.verticles.identity.NamedIdentity;
import io.ockamj.verticles.nodemanager.NodeManager;
import io.ockamj.verticles.nodemanager.NodeManagerOptions;
import io.ockamj.verticles.transport.tcp.TcpTransport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A node running in this process until SIGTERM/SIGINT. */
final class NodeForeground {
  private static final System.Logger LOG = System.getLogger(NodeForeground.class.getName());

  private final String name;
  private final String listenerAddress;
  private final String identityName;
  private final List<Identifier> trusted;
  private final List<Identifier> extraAdmins;
  private final boolean child;
  private final String consoleAddress;
  private final NodeHttp http;

  private TrustOptions trustOptions;

  NodeForeground withTrust(TrustOptions t) {
    this.trustOptions = t;
    return this;
  }

  private boolean exitOnEof;
  private boolean skipIsRunningCheck;

  /** Rust's {@code --exit-on-eof}: the node stops when standard input ends. */
  NodeForeground exitOnEof(boolean on) {
    this.exitOnEof = on;
    return this;
  }

  private boolean replaceStopped;

  /** A record of a stopped node of this name is replaced, also in a child process (see {@code --replace-stopped}). */
  NodeForeground replaceStopped(boolean on) {
    this.replaceStopped = on;
    return this;
  }

  /** Rust's {@code --skip-is-running-check}: a record naming a live process is replaced anyway. */
  NodeForeground skipIsRunningCheck(boolean on) {
    this.skipIsRunningCheck = on;
    return this;
  }

  NodeForeground(String name, String listenerAddress, String identityName, List<Identifier> trusted, List<Identifier> extraAdmins,
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
    start(true);
    if (exitOnEof) {
      exitOnEndOfInput(() -> LOG.log(System.Logger.Level.INFO, "node " + name + " stops: standard input ended (--exit-on-eof)"));
    }
    stopped.await();
    return ExitCodes.OK;
  }

  /**
   * Rust's {@code --exit-on-eof}: a daemon thread reads standard input to its end (what is typed is
   * ignored; a closed input counts as its end), then {@code before} runs and the process exits with 0.
   *
   * @param before what to do just before exiting (a log line)
   */
  static void exitOnEndOfInput(Runnable before) {
    Thread eof = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // only the end of the input counts
        }
      } catch (java.io.IOException ignored) {
        // a closed input ends it too
      }
      before.run();
      System.exit(ExitCodes.OK);
    }, "ockam-exit-on-eof");
    eof.setDaemon(true);
    eof.start();
  }

  /**
   * Starts the node and prints its ready line.
   *
   * @param shutdownHook whether the process's exit stops the node (before the ready line is printed)
   * @return what stops it (the console, the node, its record's pid, the store, Vert.x, in that order)
   */
  java.util.function.Supplier<Future<Void>> start(boolean shutdownHook) throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    // One event loop per two cores (at most 4): a message crosses several workers, and every hop
    // between loops is a thread wake-up; on 2 cores one loop moved 2.40 instead of 1.74 Gbit/s
    // through a portal, p50 198 instead of 282 µs (bench/portal.sh). -Dockam.eventLoops=N overrides.
    int loops = Integer.getInteger("ockam.eventLoops", Math.min(4, Math.max(1, cores / 2)));
    Vertx vertx = http.vertx(new VertxOptions().setEventLoopPoolSize(Math.max(1, loops))
      .setWorkerPoolSize(4).setInternalBlockingPoolSize(4));
    Store store = null;
    java.util.function.Supplier<Future<Void>> close;
    Node node = null;
    // the node's listeners start while the store opens and the identity loads (both mostly wait on
    // one thread each): about a fifth of a node's start-up on 2 cores. Nothing can reach the node
    // before it prints its address, unless its port is fixed: then a message arrives before its
    // services exist, and is dropped as for any unknown address.
    Future<Void> httpUp = http.listen(vertx);
    Future<Node> started = Node.create(vertx, new NodeOptions().setName(name).setTcpListenerAddress(listenerAddress));
    try {
      store = LocalState.await(Store.open(vertx, OckamHome.resolve().database()));
      IdentityManager identities = LocalState.await(IdentityManager.open(vertx, store));
      Optional<NodeRecord> existing = LocalState.await(store.nodes().get(name));
      long self = ProcessHandle.current().pid();
      if (!skipIsRunningCheck && existing.isPresent() && existing.get().pid() != null && existing.get().pid() != self
        && NodeClient.alive(existing.get())) {
        throw NodeCommand.alreadyRunning(existing.get());
      }
      if (existing.isPresent() && (!child || replaceStopped)) {
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

      LocalState.await(httpUp);
      node = LocalState.await(started);
      http.meters(node);
      if (consoleAddress != null) {
        // the console's per-portal byte counts and relay round trips come from the node's meters
        ConsoleServer.installMeters(node);
      }
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
        .put("api_listener", SecureChannels.DEFAULT_LISTENER)
        .put(NodeClient.PROCESS_STARTED, NodeClient.processStarted());
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
      close = stopper(vertx, store, node, self, console);
      if (shutdownHook) {
        installShutdown(close);
      }
      http.up();
      System.out.println("Node " + name + " is running, listening on " + node.tcpListenerAddress()
        + ", identity " + named.identifier());
      System.out.flush();
      LOG.log(System.Logger.Level.INFO, "node " + name + " ready (pid " + self + (child ? ", background" : "") + ")");
    } catch (Exception e) {
      // a node that started while the store or the identity failed is closed too
      Future<Void> f = started.transform(ar -> ar.succeeded() ? ar.result().close() : Future.<Void>succeededFuture());
      Store s = store;
      f.eventually(() -> s == null ? Future.succeededFuture() : s.close()).eventually(vertx::close)
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      throw e;
    }
    return close;
  }

  private final CountDownLatch stopped = new CountDownLatch(1);

  private void installShutdown(java.util.function.Supplier<Future<Void>> close) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      http.stopping();
      try {
        close.get().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // exiting anyway
      } finally {
        stopped.countDown();
      }
    }, "ockam-shutdown"));
  }

  private java.util.function.Supplier<Future<Void>> stopper(Vertx vertx, Store store, Node node, long self, ConsoleServer console) {
    return () -> (console == null ? Future.<Void>succeededFuture() : console.close().otherwiseEmpty())
      .compose(v -> node.close())
      .compose(v -> clearPid(store, name, self))
      .eventually(store::close).eventually(vertx::close);
  }

  /**
   * Marks a node stopped in the store when its record still names this process (a newer process of
   * the same name keeps its own pid).
   */
  static Future<Void> clearPid(Store store, String name, long self) {
    return store.nodes().get(name)
      .compose(r -> r.isPresent() && r.get().pid() != null && r.get().pid() == self
        ? store.nodes().store(r.get().withPid(null)).mapEmpty() : Future.succeededFuture());
  }
}
