package io.ockamj.verticles.transport.tcp;

import io.ockamj.node.FlowControlId;
import io.ockamj.node.Node;
import io.ockamj.node.NodeException;
import io.ockamj.node.TcpTransportOptions;
import io.ockamj.node.Transport;
import io.ockamj.node.spi.NodeInternal;
import io.ockamj.protocol.Address;
import io.vertx.core.Future;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * The Ockam TCP transport of a node (transport type 1): listeners that accept connections from other
 * nodes, outgoing connections opened on demand when a route names {@code 1#host:port}, and the wire
 * format of Rust Ockam (version byte, u32 big-endian length, CBOR body, 16 MiB limit).
 */
public final class TcpTransport implements Transport {

  private static final System.Logger LOG = System.getLogger(TcpTransport.class.getName());

  private final NodeInternal node;
  private final TcpTransportOptions options;
  private final NetClient client;
  private final Map<String, Listening> servers = new java.util.LinkedHashMap<>();

  private record Listening(TcpListeners.Bound bound, FlowControlId flowControlId) {
  }
  private final Map<String, Future<TcpConnection>> outgoing = new ConcurrentHashMap<>();
  private final Map<Address, TcpConnection> connections = new ConcurrentHashMap<>();
  private final Set<Address> outgoingConsumers = new CopyOnWriteArraySet<>();

  private TcpTransport(NodeInternal node, TcpTransportOptions options) {
    this.node = node;
    this.options = new TcpTransportOptions(options);
    this.client = node.vertx().createNetClient(new NetClientOptions()
      .setConnectTimeout(options.getConnectTimeoutMs())
      .setTcpNoDelay(options.isTcpNoDelay())
      .setTcpKeepAlive(true));
  }

  /**
   * Creates the transport of a node (not yet listening).
   *
   * @param node the node
   * @param options the configuration
   * @return the transport
   */
  public static TcpTransport create(Node node, TcpTransportOptions options) {
    return new TcpTransport(NodeInternal.of(node), options);
  }

  /**
   * @param node a node
   * @return its TCP transport
   * @throws IllegalStateException if it has none
   */
  public static TcpTransport of(Node node) {
    Object t = node.transport(Address.TCP);
    if (!(t instanceof TcpTransport)) {
      throw new IllegalStateException("node " + node.name() + " has no TCP transport");
    }
    return (TcpTransport) t;
  }

  @Override
  public int transportType() {
    return Address.TCP;
  }

  /**
   * Starts a listener.
   *
   * @param hostPort {@code host:port}; port 0 picks a free port
   * @return the bound {@code host:port}
   */
  public Future<String> listen(String hostPort) {
    return listen(hostPort, node.tcpListenerFlowControlId());
  }

  /**
   * Listens for TCP connections; every accepted connection is a producer spawned by the flow
   * {@code spawnerFlowControlId} (§3.3), so its messages reach only consumers of that flow or of
   * the connection's own flow.
   *
   * @param hostPort the {@code host:port} to bind; port 0 picks a free port
   * @param spawnerFlowControlId the listener's flow
   * @return the bound {@code host:port}; failed with {@link NodeException} of kind
   *   {@code ALREADY_EXISTS} if the address is in use, {@code INVALID} if it is malformed
   */
  public Future<String> listen(String hostPort, FlowControlId spawnerFlowControlId) {
    Objects.requireNonNull(spawnerFlowControlId, "spawnerFlowControlId");
    String[] hp;
    try {
      hp = splitHostPort(hostPort);
    } catch (NodeException e) {
      return Future.failedFuture(e);
    }
    NetServer server = node.vertx().createNetServer(new NetServerOptions().setTcpNoDelay(options.isTcpNoDelay()));
    server.connectHandler(socket -> accepted(socket, spawnerFlowControlId));
    return TcpListeners.listen(node.vertx(), server, hp[0], Integer.parseInt(hp[1]), "the TCP listener of node " + node.name())
      .recover(err -> Future.failedFuture(new NodeException(NodeException.Kind.ALREADY_EXISTS,
        "cannot listen on " + hostPort + ": " + err.getMessage(), err)))
      .map(b -> {
        String bound = hp[0] + ":" + b.port();
        synchronized (servers) {
          servers.put(bound, new Listening(b, spawnerFlowControlId));
        }
        return bound;
      });
  }

  private void accepted(NetSocket socket, FlowControlId spawnerFlowControlId) {
    TcpConnection.holdReads(socket);
    socket.setWriteQueueMaxSize(options.getWriteQueueMaxSize());
    String peer = socket.remoteAddress().hostAddress() + ":" + socket.remoteAddress().port();
    TcpConnection c = new TcpConnection(node, this, socket, peer, false, options.getMaxFrameSize(), spawnerFlowControlId);
    connections.put(c.senderAddress, c);
    c.start().onFailure(err -> LOG.log(System.Logger.Level.WARNING, "TCP connection from " + peer + " failed to start: "
      + (err.getMessage() == null ? err.toString() : err.getMessage())));
  }

  /**
   * Opens a connection, or returns the open outgoing connection to the same {@code host:port}.
   *
   * @param hostPort {@code host:port} (a bare port means 127.0.0.1)
   * @return the connection
   */
  public Future<TcpConnectionInfo> connect(String hostPort) {
    return connection(hostPort).map(TcpConnection::info);
  }

  private Future<TcpConnection> connection(String hostPort) {
    String[] hp;
    try {
      hp = splitHostPort(hostPort);
    } catch (NodeException e) {
      return Future.failedFuture(e);
    }
    String key = hp[0] + ":" + hp[1];
    Future<TcpConnection> connection = outgoing.computeIfAbsent(key, k -> {
      Future<TcpConnection> f = connectPaused(hp[0], Integer.parseInt(hp[1]))
        .recover(err -> Future.failedFuture(new NodeException(NodeException.Kind.IO,
          "cannot connect to " + key + ": " + describe(err), err)))
        .compose(socket -> {
          socket.setWriteQueueMaxSize(options.getWriteQueueMaxSize());
          TcpConnection c = new TcpConnection(node, this, socket, key, true, options.getMaxFrameSize(), null);
          connections.put(c.senderAddress, c);
          return c.start();
        });
      return f;
    });
    // outside computeIfAbsent: the future may already have failed, and the map must not be
    // changed from inside its own update
    connection.onFailure(err -> outgoing.remove(key, connection));
    return connection;
  }

  /**
   * Connects and holds the socket's reads (see {@link TcpConnection#holdReads}) before it can read:
   * the peer writes its version byte as soon as it accepts (a Rust listener too). The
   * promise has no context, so its listener runs on the socket's event loop the moment Vert.x
   * completes it, before the first read is handled; a plain {@code connect} future would call back
   * a little later, after the byte was already gone.
   */
  private Future<NetSocket> connectPaused(String host, int port) {
    io.vertx.core.Promise<NetSocket> connected = io.vertx.core.Promise.promise();
    connected.future().onSuccess(TcpConnection::holdReads);
    io.vertx.core.internal.ContextInternal loop = ((io.vertx.core.internal.VertxInternal) node.vertx()).createEventLoopContext();
    loop.runOnContext(v -> ((io.vertx.core.internal.net.NetClientInternal) client)
      .connectInternal(new io.vertx.core.net.ConnectOptions().setHost(host).setPort(port), connected, loop));
    return connected.future();
  }

  private static String describe(Throwable err) {
    String m = err.getMessage();
    if (m == null) {
      return err.getClass().getSimpleName();
    }
    if (m.startsWith("Connection refused")) {
      return "connection refused (is a node listening there?)";
    }
    return m;
  }

  void removed(TcpConnection c) {
    connections.remove(c.senderAddress);
    if (c.outgoing) {
      Future<TcpConnection> f = outgoing.get(c.peer);
      if (f != null && f.succeeded() && f.result() == c) {
        outgoing.remove(c.peer, f);
      }
    }
  }

  @Override
  public Future<Address> resolve(Address address) {
    return connection(address.innerText()).map(c -> c.senderAddress);
  }

  /**
   * @return the open connections
   */
  /**
   * Makes {@code consumer} a consumer of the flow of every outgoing connection, those open now and
   * those opened later: it then receives what peers send back over connections this node opened.
   * Rust Ockam's command line does this for its secure channel listener and the echo and uppercase
   * services; do it only for workers that authenticate what they receive or are harmless.
   *
   * @param consumer the address
   */
  public void addOutgoingConsumer(Address consumer) {
    outgoingConsumers.add(consumer);
    for (TcpConnection c : connections.values()) {
      if (c.outgoing) {
        node.flowControls().addConsumer(consumer, c.flowControlId);
      }
    }
  }

  Set<Address> outgoingConsumers() {
    return outgoingConsumers;
  }

  /**
   * @return the listeners, in the order they were started
   */
  public List<TcpListenerInfo> listeners() {
    synchronized (servers) {
      List<TcpListenerInfo> out = new ArrayList<>();
      servers.forEach((a, l) -> out.add(new TcpListenerInfo(a, l.flowControlId())));
      return out;
    }
  }

  /**
   * Stops a listener; the connections it accepted stay open.
   *
   * @param socketAddress its bound {@code host:port}, as {@link #listeners()} gives it
   * @return a future completed when its port is closed; failed with {@link NodeException} of kind
   *   {@code NOT_FOUND} if no listener has that address
   */
  public Future<Void> stopListening(String socketAddress) {
    Listening l;
    synchronized (servers) {
      l = servers.remove(socketAddress);
    }
    if (l == null) {
      return Future.failedFuture(new NodeException(NodeException.Kind.NOT_FOUND, "no TCP listener at " + socketAddress));
    }
    return l.bound().close();
  }

  /** @return the open connections, accepted and opened */
  public List<TcpConnectionInfo> connections() {
    List<TcpConnectionInfo> out = new ArrayList<>();
    for (TcpConnection c : connections.values()) {
      out.add(c.info());
    }
    return out;
  }

  /**
   * Closes one connection. While the node closes this does nothing: the connection may be shared
   * with workers that are still saying goodbye through it (a secure channel's {@code Close}), and the
   * node closes its transports once its workers have stopped ({@link #close()}).
   *
   * @param senderAddress its sender address
   * @return a future completed when its workers have stopped
   */
  public Future<Void> disconnect(Address senderAddress) {
    TcpConnection c = connections.get(senderAddress);
    if (c == null) {
      return Future.failedFuture(new NodeException(NodeException.Kind.NOT_FOUND, "no TCP connection with sender address " + senderAddress));
    }
    if (node.isClosing()) {
      return Future.succeededFuture();
    }
    c.close(null);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> close() {
    List<Future<Void>> all = new ArrayList<>();
    synchronized (servers) {
      for (Listening l : servers.values()) {
        all.add(l.bound().close());
      }
      servers.clear();
    }
    for (TcpConnection c : connections.values()) {
      c.close(null);
    }
    all.add(client.close());
    return Future.join(all).mapEmpty();
  }

  /**
   * Splits {@code host:port} as Ockam does: a bare port or {@code :port} means 127.0.0.1;
   * {@code [v6]:port} is accepted.
   *
   * @param hostPort the text
   * @return host and port
   * @throws NodeException of kind INVALID if malformed
   */
  public static String[] splitHostPort(String hostPort) {
    String s = hostPort.trim();
    String host;
    String port;
    int colon = s.lastIndexOf(':');
    if (colon < 0) {
      host = "127.0.0.1";
      port = s;
    } else {
      host = s.substring(0, colon);
      port = s.substring(colon + 1);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      if (host.isEmpty()) {
        host = "127.0.0.1";
      }
    }
    int p;
    try {
      p = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      p = -1;
    }
    if (p < 0 || p > 65535) {
      throw new NodeException(NodeException.Kind.INVALID, "invalid TCP address '" + hostPort + "': expected host:port with a port 0..65535");
    }
    return new String[] {host, Integer.toString(p)};
  }
}
