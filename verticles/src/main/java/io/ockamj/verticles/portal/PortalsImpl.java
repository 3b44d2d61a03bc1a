package io.ockamj.verticles.portal;

import io.ockamj.node.AccessControls;
import io.ockamj.node.DropReason;
import io.ockamj.node.FlowControlId;
import io.ockamj.node.FlowControls;
import io.ockamj.node.Mailbox;
import io.ockamj.node.Node;
import io.ockamj.node.NodeContext;
import io.ockamj.node.NodeException;
import io.ockamj.node.Processor;
import io.ockamj.node.Routed;
import io.ockamj.node.Worker;
import io.ockamj.verticles.metrics.NodeMeters;
import io.ockamj.node.WorkerOptions;
import io.ockamj.node.spi.NodeInternal;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.PortalMessage;
import io.ockamj.protocol.Route;
import io.ockamj.protocol.errors.DecodeException;
import io.ockamj.verticles.transport.tcp.TcpListeners;
import io.ockamj.verticles.transport.tcp.TcpTransport;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The inlets and outlets of one node. */
final class PortalsImpl implements Portals {

  private static final System.Logger LOG = System.getLogger(PortalsImpl.class.getName());

  private final NodeInternal node;
  private final Map<String, OutletWorker> outlets = new ConcurrentHashMap<>();
  private final Map<String, InletProcessor> inlets = new ConcurrentHashMap<>();

  PortalsImpl(Node node) {
    if (!(node instanceof NodeInternal impl)) {
      throw new IllegalArgumentException("portals need a node created by Node.create");
    }
    this.node = impl;
    // a connection whose secure channel closed (peer gone, or revoked) closes at once
    this.releasedListener = impl.onAddressesReleased(released -> {
      for (OutletWorker o : outlets.values()) {
        closeRoutedThrough(o.connections, released);
      }
      for (InletProcessor i : inlets.values()) {
        closeRoutedThrough(i.connections, released);
      }
    });
  }

  private final Runnable releasedListener;

  private static void closeRoutedThrough(Set<PortalConnection> connections, Set<io.ockamj.protocol.Address> released) {
    for (PortalConnection c : connections) {
      c.closeIfRoutedThrough(released);
    }
  }

  @Override
  public Future<Outlet> createOutlet(String address, String targetHostPort, OutletOptions options) {
    String[] hp;
    Address listener;
    try {
      hp = TcpTransport.splitHostPort(targetHostPort);
      listener = Address.local(address);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    OutletOptions opts = new OutletOptions(options);
    OutletWorker outlet = new OutletWorker(address, hp[0], Integer.parseInt(hp[1]), opts);
    WorkerOptions wo = new WorkerOptions()
      .addMailbox(new Mailbox(listener, opts.getListenerAccessControl(), AccessControls.ALLOW_ALL_OUTGOING));
    // §3.5: by default an outlet is reachable only through the node's secure channel listener
    List<FlowControlId> reachableFrom = opts.getConsumerOf().isEmpty() ? List.of(node.secureChannelFlowControlId())
      : opts.getConsumerOf();
    return node.startWorker(wo, outlet)
      .onFailure(err -> outlet.client.close())
      .map(v -> {
        for (FlowControlId id : reachableFrom) {
          node.flowControls().addConsumer(listener, id);
        }
        outlets.put(address, outlet);
        return outlet.info();
      });
  }

  @Override
  public Future<Inlet> createInlet(String bindHostPort, Route outletRoute, InletOptions options) {
    String[] hp;
    try {
      hp = TcpTransport.splitHostPort(bindHostPort);
      if (outletRoute.isEmpty() && !options.isPaused()) {
        throw new NodeException(NodeException.Kind.INVALID, "the outlet route of an inlet cannot be empty");
      }
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    InletOptions opts = new InletOptions(options);
    NetServer server = node.vertx().createNetServer(new NetServerOptions().setTcpNoDelay(opts.isTcpNoDelay()));
    InletProcessor inlet = new InletProcessor(outletRoute, opts.settings(), opts.isPaused());
    server.connectHandler(inlet::accepted);
    return TcpListeners.listen(node.vertx(), server, hp[0], Integer.parseInt(hp[1]), "a TCP inlet of node " + node.name())
      .recover(err -> Future.failedFuture(new NodeException(NodeException.Kind.ALREADY_EXISTS,
        "cannot start an inlet on " + bindHostPort + ": " + describe(err), err)))
      .compose(b -> {
        inlet.server = b;
        inlet.bindAddress = hostPort(hp[0], b.port());
        WorkerOptions wo = new WorkerOptions()
          .addMailbox(new Mailbox(inlet.address, AccessControls.DENY_ALL_INCOMING, AccessControls.DENY_ALL_OUTGOING));
        return node.startProcessor(wo, inlet).recover(err -> b.close().transform(ar -> Future.failedFuture(err)));
      })
      .map(v -> {
        inlets.put(inlet.bindAddress, inlet);
        return inlet.info();
      });
  }

  private static String hostPort(String host, int port) {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  private static String describe(Throwable err) {
    String m = err.getMessage();
    return m == null ? err.getClass().getSimpleName() : m;
  }

  /** A failed TLS connection: Netty's message and the root cause (untrusted chain, wrong host name, ...). */
  private static String describeTls(Throwable err) {
    Throwable root = err;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == err ? describe(err) : describe(err) + " (" + describe(root) + ")";
  }

  @Override
  public Future<Void> pauseInlet(String bindAddress) {
    InletProcessor i = inlets.get(bindAddress);
    if (i == null) {
      return Future.failedFuture(new NodeException(NodeException.Kind.NOT_FOUND, "no inlet bound to " + bindAddress));
    }
    i.pause();
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> unpauseInlet(String bindAddress, Route outletRoute) {
    if (outletRoute.isEmpty()) {
      return Future.failedFuture(new NodeException(NodeException.Kind.INVALID, "the outlet route of an inlet cannot be empty"));
    }
    InletProcessor i = inlets.get(bindAddress);
    if (i == null) {
      return Future.failedFuture(new NodeException(NodeException.Kind.NOT_FOUND, "no inlet bound to " + bindAddress));
    }
    i.resume(outletRoute);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> probeOutlet(Route outletRoute, java.time.Duration timeout, InletOptions options) {
    return OutletProbe.probe(node, outletRoute, timeout, new InletOptions(options).settings());
  }

  @Override
  public List<Outlet> outlets() {
    List<Outlet> out = new ArrayList<>();
    for (OutletWorker o : outlets.values()) {
      out.add(o.info());
    }
    out.sort(Comparator.comparing(Outlet::address));
    return out;
  }

  @Override
  public List<Inlet> inlets() {
    List<Inlet> out = new ArrayList<>();
    for (InletProcessor i : inlets.values()) {
      out.add(i.info());
    }
    out.sort(Comparator.comparing(Inlet::bindAddress));
    return out;
  }

  @Override
  public Future<Void> deleteOutlet(String address) {
    OutletWorker o = outlets.remove(address);
    if (o == null) {
      return Future.failedFuture(new NodeException(NodeException.Kind.NOT_FOUND, "no outlet at address " + address));
    }
    return node.stopWorker(o.address).recover(err -> Future.succeededFuture());
  }

  @Override
  public Future<Void> deleteInlet(String bindAddress) {
    InletProcessor i = inlets.remove(bindAddress);
    if (i == null) {
      return Future.failedFuture(new NodeException(NodeException.Kind.NOT_FOUND, "no inlet bound to " + bindAddress));
    }
    return node.stopWorker(i.address).recover(err -> Future.succeededFuture());
  }

  @Override
  public Future<Void> close() {
    releasedListener.run();
    List<Future<Void>> all = new ArrayList<>();
    for (String a : List.copyOf(outlets.keySet())) {
      all.add(deleteOutlet(a).recover(err -> Future.succeededFuture()));
    }
    for (String b : List.copyOf(inlets.keySet())) {
      all.add(deleteInlet(b).recover(err -> Future.succeededFuture()));
    }
    return Future.join(all).mapEmpty();
  }

  private static void closeAll(Set<PortalConnection> connections) {
    for (PortalConnection c : List.copyOf(connections)) {
      c.disconnect();
    }
  }

  /** The outlet listener worker: every Ping becomes a connection to the target and a portal connection. */
  private final class OutletWorker implements Worker {
    final String name;
    final Address address;
    final String host;
    final int port;
    final PortalSettings settings;
    final boolean tls;
    final NetClient client;
    final Set<PortalConnection> connections = ConcurrentHashMap.newKeySet();

    OutletWorker(String name, String host, int port, OutletOptions options) {
      this.name = name;
      this.address = Address.local(name);
      this.host = host;
      this.port = port;
      this.settings = options.settings();
      this.tls = options.isTls();
      NetClientOptions client = new NetClientOptions()
        .setConnectTimeout(options.getConnectTimeoutMs())
        .setTcpNoDelay(options.isTcpNoDelay());
      if (tls) {
        // no trust options: the JDK's default trust roots (-Djavax.net.ssl.trustStore); and the target's host name
        client.setSsl(true).setTrustAll(false).setHostnameVerificationAlgorithm("HTTPS");
      }
      this.client = node.vertx().createNetClient(client);
    }

    Outlet info() {
      return new Outlet(name, hostPort(host, port), connections.size(), tls);
    }

    @Override
    public Future<Void> handleMessage(NodeContext context, Routed message) {
      PortalMessage m;
      try {
        m = PortalMessage.decode(message.payload());
      } catch (DecodeException e) {
        LOG.log(System.Logger.Level.WARNING, "outlet " + name + ": dropping an undecodable message from "
          + message.returnRoute() + " (" + e.getMessage() + ")");
        return Future.succeededFuture();
      }
      Route pongRoute = message.returnRoute();
      if (!(m instanceof PortalMessage.Ping)) {
        LOG.log(System.Logger.Level.WARNING, "outlet " + name + ": expected Ping but got " + m.getClass().getSimpleName()
          + " from " + pongRoute + "; dropping it");
        if (!(m instanceof PortalMessage.Disconnect) && !pongRoute.isEmpty()) {
          // tell the sender its portal connection is not known here (never answer a Disconnect: no loops)
          context.send(pongRoute, PortalMessage.DISCONNECT.encode(), address).onFailure(err -> { });
        }
        return Future.succeededFuture();
      }
      if (pongRoute.isEmpty()) {
        LOG.log(System.Logger.Level.WARNING, "outlet " + name + ": dropping a Ping without return route");
        return Future.succeededFuture();
      }
      // the portal connection answers through the channel or connection the Ping came from
      Optional<FlowControlId> pingFlow = node.flowControls().findProducer(message.sourceAddress())
        .map(FlowControls.ProducerInfo::flowControlId);
      // connect from a fresh event loop so that connections spread over the loops; do not wait for it
      io.vertx.core.Context loop = ((VertxInternal) node.vertx()).createEventLoopContext();
      loop.runOnContext(v -> client.connect(port, host).onComplete(ar -> {
        String target = hostPort(host, port);
        if (ar.failed()) {
          String why = (tls ? "cannot connect with TLS to target " : "cannot connect to target ") + target + ": "
            + (tls ? describeTls(ar.cause()) : describe(ar.cause()));
          LOG.log(System.Logger.Level.WARNING, "outlet " + name + ": " + why + "; refusing the portal connection from " + pongRoute);
          node.drops().record(DropReason.NO_ROUTE, target, "outlet " + name + ": the Ping of a portal connection, " + why);
          context.send(pongRoute, PortalMessage.DISCONNECT.encode(), address).onFailure(err -> { });
          return;
        }
        NetSocket socket = ar.result();
        if (!node.isRegistered(address)) {
          socket.close();
          return;
        }
        PortalConnection c = new PortalConnection(node, settings, socket, false,
          "outlet " + name + " to " + target, connections::remove);
        c.countIn(NodeMeters.of(node).portal(false, name));
        connections.add(c);
        pingFlow.ifPresent(id -> node.flowControls().addConsumer(c.senderRemote(), id));
        c.startOutlet(pongRoute);
      }));
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> shutdown(NodeContext context) {
      closeAll(connections);
      outlets.remove(name, this);
      return client.close().recover(err -> Future.succeededFuture());
    }
  }

  /** The inlet listener: a processor that owns the TCP server and the connections it accepted. */
  private final class InletProcessor implements Processor {
    final Address address = Address.randomLocal();
    volatile TcpListeners.Bound server;
    final PortalSettings settings;
    final Set<PortalConnection> connections = ConcurrentHashMap.newKeySet();
    final Promise<Boolean> stopped = Promise.promise();
    volatile String bindAddress;
    volatile boolean closing;
    /** Guarded by {@code this} with {@link #paused}: read together when a connection is accepted. */
    private Route outletRoute;
    private boolean paused;

    InletProcessor(Route outletRoute, PortalSettings settings, boolean paused) {
      this.outletRoute = outletRoute;
      this.settings = settings;
      this.paused = paused;
    }

    synchronized Inlet info() {
      return new Inlet(bindAddress, outletRoute, connections.size(), paused, address);
    }

    synchronized void pause() {
      paused = true;
    }

    synchronized void resume(Route route) {
      outletRoute = route;
      paused = false;
    }

    void accepted(NetSocket socket) {
      if (closing) {
        socket.close();
        return;
      }
      String client = socket.remoteAddress().hostAddress() + ":" + socket.remoteAddress().port();
      Route outletRoute;
      synchronized (this) {
        outletRoute = this.paused ? null : this.outletRoute;
      }
      if (outletRoute == null) {
        // Rust's paused inlet drops the stream it accepted: the client sees its connection closed
        node.drops().record(DropReason.NO_ROUTE, client, "inlet " + bindAddress
          + " has no route to its outlet yet (or lost it); closing the client connection");
        socket.close();
        return;
      }
      PortalConnection c = new PortalConnection(node, settings, socket, true,
        "inlet " + bindAddress + " from " + client, connections::remove);
      c.countIn(NodeMeters.of(node).portal(true, bindAddress));
      connections.add(c);
      c.startInlet(outletRoute);
    }

    @Override
    public Future<Boolean> process(NodeContext context) {
      return stopped.future();
    }

    @Override
    public Future<Void> shutdown(NodeContext context) {
      closing = true;
      stopped.tryComplete(false);
      inlets.remove(bindAddress, this);
      Future<Void> closed = server.close().recover(err -> Future.succeededFuture());
      closeAll(connections);
      return closed;
    }
  }
}
