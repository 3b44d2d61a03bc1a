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
import io.ockamj.verticles.tcp.TcpTransport;
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

  /** Names usable as node names (they become directory names). */
  static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  final Vertx vertx;
  final Store store;
  final IdentityManager identities;
  private Node local;
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

  static void checkName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new ExitCodes.CliException(ExitCodes.USAGE, "invalid node name '" + name
        + "': use 1 to 64 letters, digits, '_', '.' or '-', starting with a letter or digit");
    }
  }

  static ExitCodes.CliException unknown(String name) {
    return new ExitCodes.CliException(ExitCodes.UNREACHABLE, "there is no node named '" + name + "'; see 'ockam node list'");
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
      return await(store.nodes().getDefault()).orElseThrow(() -> new ExitCodes.CliException(ExitCodes.UNREACHABLE,
        "there is no default node; name one, or create one with 'ockam node create NAME'"));
    }
    return find(name).orElseThrow(() -> unknown(name));
  }

  List<NodeRecord> records() throws Exception {
    return await(store.nodes().list());
  }

  // ---- processes

  /** {@code true} if a pid names a live process that can be a node (a JVM). */
  static boolean alive(Long pid) {
    if (pid == null) {
      return false;
    }
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
      .filter(h -> h.info().command().map(c -> c.contains("java")).orElse(true)).isPresent();
  }

  /** What the record and the process table say: running, stopped (cleanly) or died (pid gone). */
  static String localStatus(NodeRecord r) {
    if (r.pid() == null) {
      return "stopped";
    }
    return alive(r.pid()) ? "running" : "died";
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
    synchronized (this) {
      if (local != null) {
        return Future.succeededFuture(local);
      }
    }
    return Node.create(vertx, new NodeOptions().setName("cli").setBuiltinServices(false)).map(n -> {
      synchronized (this) {
        if (local == null) {
          local = n;
        } else {
          n.close();
        }
        return local;
      }
    });
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
      Future<Void> f = local == null ? Future.succeededFuture() : local.close();
      f.eventually(store::close).eventually(vertx::close).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // exiting anyway
    }
  }
}
