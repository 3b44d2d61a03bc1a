package io.ockamj.cli;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.node.Node;
import io.ockamj.node.NodeOptions;
import io.ockamj.store.NodeRecord;
import io.ockamj.store.OckamHome;
import io.ockamj.store.Store;
import io.ockamj.verticles.channel.ChannelIdentity;
import io.ockamj.verticles.channel.SecureChannels;
import io.ockamj.verticles.identity.IdentityManager;
import io.ockamj.verticles.identity.NamedIdentity;
import io.ockamj.verticles.nodemanager.NodeManagerClient;
import io.ockamj.verticles.nodemanager.NodeStatus;
import io.ockamj.verticles.transport.tcp.TcpTransport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The CLI's view of the local nodes: their stored records, whether their processes live, and API
 * clients to the running ones (through a secure channel, proving the node's own identity, which is
 * always one of its administrators; or the default identity if the node's is not local).
 */
final class NodeClient implements AutoCloseable {

  /** Names of inlets, outlets and relays. */
  static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  /**
   * Names a new node may take, as Rust Ockam 0.139 checks them ({@code node create} refuses a name with
   * any character that is not a word character or '-'): Unicode letters, marks and digits, '_' and '-'.
   */
  static final java.util.regex.Pattern NODE_NAME = java.util.regex.Pattern.compile("[\\w-]+",
    java.util.regex.Pattern.UNICODE_CHARACTER_CLASS);

  /** A node name becomes a directory name: at most this many bytes of UTF-8. */
  static final int MAX_NODE_NAME_BYTES = 255;

  /** What a node name must be, for error messages. */
  static final String NODE_NAME_RULE = "use letters, digits, '_' and '-' only";

  final Vertx vertx;
  final Store store;
  final IdentityManager identities;
  private Future<Node> local;
  private final Map<String, Future<SecureChannels>> channels = new ConcurrentHashMap<>();

  private NodeClient(Vertx vertx, Store store, IdentityManager identities) {
    this.vertx = vertx;
    this.store = store;
    this.identities = identities;
  }

  /** Opens the local state. */
  static NodeClient open() throws Exception {
    Vertx vertx = LocalState.clientVertx();
    try {
      Store store = LocalState.await(Store.open(vertx, OckamHome.resolve().database()));
      try {
        return new NodeClient(vertx, store, LocalState.await(IdentityManager.open(vertx, store)));
      } catch (Exception e) {
        store.close();
        throw e;
      }
    } catch (Exception e) {
      vertx.close();
      throw e;
    }
  }

  /**
   * Why a name cannot be a new node's name.
   *
   * @param name the name
   * @return {@code null} if it can be, else what is wrong with it
   */
  static String nodeNameProblem(String name) {
    if (name.isEmpty()) {
      return "it is empty";
    }
    if (!NODE_NAME.matcher(name).matches()) {
      return NODE_NAME_RULE;
    }
    if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_NODE_NAME_BYTES) {
      return "it is longer than " + MAX_NODE_NAME_BYTES + " bytes";
    }
    return null;
  }

  /** Refuses a name a new node cannot take ({@link ExitCodes#USAGE}). */
  static void checkName(String name) {
    String problem = nodeNameProblem(name);
    if (problem != null) {
      throw new ExitCodes.CliException(ExitCodes.USAGE, "invalid node name '" + name + "': " + problem);
    }
  }

  /**
   * {@code true} if a name can refer to a node: any name a node can take, and names of the older
   * form with '.' that earlier versions let nodes take.
   */
  static boolean isNodeReference(String name) {
    return nodeNameProblem(name) == null || NAME.matcher(name).matches();
  }

  static ExitCodes.CliException noDefault() {
    return new ExitCodes.CliException(ExitCodes.NOT_FOUND, "there is no default node; name one, or create one with 'ockam node create NAME'");
  }

  static ExitCodes.CliException unknown(String name) {
    return new ExitCodes.CliException(ExitCodes.NOT_FOUND, "Unable to find node named " + name);
  }

  <T> T await(Future<T> f) throws Exception {
    return LocalState.await(f);
  }

  Optional<NodeRecord> find(String name) throws Exception {
    return await(store.nodes().get(name));
  }

  /** The node with a name, or the default node if {@code name} is {@code null}. */
  NodeRecord record(String name) throws Exception {
    if (name == null) {
      return await(store.nodes().getDefault()).orElseThrow(NodeClient::noDefault);
    }
    return find(name).orElseThrow(() -> unknown(name));
  }

  List<NodeRecord> records() throws Exception {
    return await(store.nodes().list());
  }

  // ---- processes

  /** The key of a node record's configuration that holds when its process started (epoch milliseconds). */
  static final String PROCESS_STARTED = "process_started";

  /**
   * {@code true} if the node's recorded pid names its live process. A pid alone may name another
   * process: once the node has ended, the system gives its pid again (where pids wrap at 32768, and
   * threads take them too, soon), and stopping that one would kill a stranger. The node records when
   * its process started, and the process with that pid must have started then (records of earlier
   * versions, without it, are taken as before: a live JVM).
   *
   * @param r the node's record
   * @return whether its process runs
   */
  static boolean alive(NodeRecord r) {
    if (r.pid() == null) {
      return false;
    }
    Long started = r.config() == null ? null : r.config().getLong(PROCESS_STARTED);
    return ProcessHandle.of(r.pid()).filter(NodeProcesses::running)
      .filter(h -> h.info().command().map(c -> c.contains("java")).orElse(true))
      .filter(h -> started == null || h.info().startInstant().map(t -> Math.abs(t.toEpochMilli() - started) < 1000).orElse(true))
      .isPresent();
  }

  /** The start of this process, for {@link #PROCESS_STARTED}; {@code null} where the system does not say. */
  static Long processStarted() {
    return ProcessHandle.current().info().startInstant().map(java.time.Instant::toEpochMilli).orElse(null);
  }

  /** What the record and the process table say: running, stopped (cleanly) or died (pid gone). */
  static String localStatus(NodeRecord r) {
    if (r.pid() == null) {
      return "stopped";
    }
    return alive(r) ? "running" : "died";
  }

  /** The address to connect to: a listener on a wildcard address is reached on the loopback. */
  static String connectAddress(String listener) {
    String[] hp = TcpTransport.splitHostPort(listener);
    String host = hp[0];
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0")) {
      host = "127.0.0.1";
    }
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + hp[1];
  }

  // ---- API

  private Future<Node> local() {
    // one client node per command, created once even when the route check and the command ask at
    // the same time (a second node closed unawaited raced Vert.x's own close and logged SEVERE)
    synchronized (this) {
      if (local == null) {
        local = Node.create(vertx, new NodeOptions().setName("cli").setBuiltinServices(false));
      }
      return local;
    }
  }

  private Future<SecureChannels> channelsFor(Node node, NodeRecord r) {
    return channels.computeIfAbsent(r.identifier(), id -> {
      Identifier identifier;
      try {
        identifier = Identifier.parse(id);
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
      Future<NamedIdentity> who = identities.get(identifier).compose(found -> found.isPresent()
        ? Future.succeededFuture(found.get()) : identities.getOrCreateDefault());
      return who.compose(n -> identities.loadSecureChannelKey(n.name()))
        .map(li -> SecureChannels.create(node, new ChannelIdentity(li.identity(), li.secureChannelKey(), li.vault(), List.of())));
    });
  }

  /** Opens an API client to a node; the caller closes it. */
  Future<NodeManagerClient> api(NodeRecord r, Duration timeout) {
    if (r.tcpListenerAddress() == null) {
      return Future.failedFuture(new ExitCodes.CliException(ExitCodes.UNREACHABLE, "node '" + r.name() + "' has no TCP listener"));
    }
    String listener = r.config().getString("api_listener", SecureChannels.DEFAULT_LISTENER);
    return local().compose(node -> channelsFor(node, r).compose(ch ->
      NodeManagerClient.connect(node, ch, connectAddress(r.tcpListenerAddress()), listener, Identifier.parse(r.identifier()), timeout)));
  }

  /** {@code GET /node} of a node, closing the client afterwards. */
  Future<NodeStatus> status(NodeRecord r, Duration timeout) {
    return api(r, timeout).compose(c -> c.node().eventually(c::close));
  }

  @Override
  public void close() {
    try {
      Future<Void> f;
      synchronized (this) {
        f = local == null ? Future.succeededFuture() : local.transform(ar -> ar.succeeded() ? ar.result().close() : Future.succeededFuture());
      }
      f.eventually(store::close).eventually(vertx::close).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // exiting anyway
    }
  }
}
